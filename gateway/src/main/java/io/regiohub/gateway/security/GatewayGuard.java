package io.regiohub.gateway.security;

import io.regiohub.gateway.web.GatewayProblems;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The gateway's security in one filter, in the order Spring Security's reactive chain would apply it:
 * Spring Security's strict firewall, the security headers, CORS (a preflight is answered here, before
 * any token is asked for), the bearer token (validated by Spring Security's JWT authentication manager
 * and then remembered until it expires, {@link TokenCache}), and the access table ({@link AccessRules}).
 *
 * <p>Why not Spring Security's {@code SecurityWebFilterChain}: measured under load it was a dozen
 * filters, each a reactive pipeline with its own exchange decorators and context writes, for decisions
 * that take a map lookup and a table scan. Every operator it adds also deepens the subscriber chain that
 * each chunk of every proxied response walks ({@code currentContext()}), so the gateway paid for it per
 * byte as well. The checks that need a library (firewall, JWT signature and claims, CORS) still are
 * Spring's; what is written here is the order of calls. Answers: a missing, malformed, expired or
 * forged token where one is needed is 401 ({@code WWW-Authenticate: Bearer}), and a token not yet in
 * the cache is checked only while the caller's address has budget ({@link UnknownTokenLimit}, else 429);
 * a valid token without the role is 403; a request the firewall rejects is 400; identity-service's keys
 * unreachable is 503; all as Problem Details.
 */
public final class GatewayGuard implements WebFilter, Ordered {

    /** Where Spring Security's chain would run: after the correlation id, before the rate limit. */
    public static final int ORDER = -100;

    private static final String CALLER = GatewayGuard.class.getName() + ".caller";

    private final ServerWebExchangeFirewall firewall;
    private final AccessRules rules;
    private final TokenCache tokens;
    private final CorsConfigurationSource cors;
    private final UnknownTokenLimit unknownTokens;
    private final DefaultCorsProcessor corsProcessor = new DefaultCorsProcessor();

    /**
     * {@code cors} null: no origin is allowed, browsers refuse cross-origin calls (no CORS headers).
     * {@code unknownTokens}: whether a token not in the cache may be checked now.
     */
    public GatewayGuard(ServerWebExchangeFirewall firewall, AccessRules rules, TokenCache tokens,
                        CorsConfigurationSource cors, UnknownTokenLimit unknownTokens) {
        this.firewall = firewall;
        this.rules = rules;
        this.tokens = tokens;
        this.cors = cors;
        this.unknownTokens = unknownTokens;
    }

    /** The authenticated client of a request that passed the guard; null for anonymous callers. */
    public static JwtAuthenticationToken caller(ServerWebExchange exchange) {
        return exchange.getAttribute(CALLER);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        CompletableFuture<ServerWebExchange> checked = firewall.getFirewalledExchange(exchange).toFuture();
        if (!checked.isDone()) { // Spring's strict firewall decides at once; should a future one not, wait for it
            return Mono.fromFuture(checked)
                    .then(Mono.defer(() -> afterFirewall(exchange, chain, null)))
                    .onErrorResume(ServerExchangeRejectedException.class, e -> rejected(exchange, e.getMessage()));
        }
        String rejection = null;
        try {
            checked.join(); // done already: no waiting on the event loop
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ServerExchangeRejectedException rejected)) {
                return Mono.error(e.getCause());
            }
            rejection = rejected.getMessage();
        }
        return afterFirewall(exchange, chain, rejection);
    }

    /**
     * The firewall's method, path, encoding and host checks have run on {@code exchange}, and its check of
     * the response headers (no CR/LF) waits for the commit; the request headers are checked here, all at
     * once, with the firewall's own rules. The firewall would check them one by one as they are read,
     * through a new decorator of the request at every {@code getRequest()} call; here every header is
     * checked, read or not, and the original exchange travels on. Query parameter names, which the
     * decorator checks when the gateway itself parses them, are not: the gateway forwards the query as
     * it came and parses it only for its own actuator endpoints, which need an {@code OPS} token.
     */
    private Mono<Void> afterFirewall(ServerWebExchange exchange, WebFilterChain chain, String rejection) {
        SecurityHeaders.writeOnCommit(exchange); // on the gateway's own refusals as well
        if (rejection == null) {
            rejection = HeaderCharacters.rejection(exchange.getRequest().getHeaders());
        }
        return rejection == null ? guard(exchange, chain) : rejected(exchange, rejection);
    }

    private static Mono<Void> rejected(ServerWebExchange exchange, String reason) {
        return GatewayProblems.write(exchange, HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected", reason);
    }

    private Mono<Void> guard(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (cors != null) {
            CorsConfiguration configuration = cors.getCorsConfiguration(exchange);
            if (configuration != null && (!corsProcessor.process(configuration, exchange)
                    || CorsUtils.isPreFlightRequest(request))) {
                return Mono.empty(); // refused (403 set by the processor) or a preflight, answered
            }
        }
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (!BearerTokens.isBearer(header)) {
            return decide(exchange, chain, null); // no token, or another scheme (Basic at the token endpoint)
        }
        String token = BearerTokens.token(header);
        if (token == null) {
            return unauthorized(exchange, "The bearer token is malformed");
        }
        JwtAuthenticationToken known = tokens.cached(token);
        if (known != null) {
            return decide(exchange, chain, known);
        }
        return unknownTokens.check(exchange, () -> tokens.validate(token)
                .map(Verdict::valid)
                .onErrorResume(AuthenticationException.class, e -> Mono.just(Verdict.invalid(e)))
                .defaultIfEmpty(Verdict.invalid(null))
                .flatMap(verdict -> verdict.caller() != null ? decide(exchange, chain, verdict.caller())
                        : verdict.failure() instanceof AuthenticationServiceException
                        ? GatewayProblems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "identity-unavailable",
                                "Service unavailable", "The token cannot be checked right now; try again shortly")
                        : unauthorized(exchange, "The bearer token is invalid or expired")));
    }

    private Mono<Void> decide(ServerWebExchange exchange, WebFilterChain chain, JwtAuthenticationToken caller) {
        boolean allowed = switch (rules.required(exchange.getRequest())) {
            case ANYONE -> true;
            case AUTHENTICATED -> caller != null;
            case OPS -> caller != null && AccessRules.hasRole(caller, "ROLE_OPS");
            case NO_ONE -> false;
        };
        if (!allowed) {
            return caller == null ? unauthorized(exchange, "A valid bearer token is required") : forbidden(exchange);
        }
        if (caller != null) {
            exchange.getAttributes().put(CALLER, caller);
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return GatewayProblems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }

    private static Mono<Void> forbidden(ServerWebExchange exchange) {
        return GatewayProblems.write(exchange, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "The token's role does not allow this request");
    }

    /** The outcome of checking a token that was not in the cache: a caller, or why not. */
    private record Verdict(JwtAuthenticationToken caller, AuthenticationException failure) {
        static Verdict valid(JwtAuthenticationToken caller) {
            return new Verdict(caller, null);
        }

        static Verdict invalid(AuthenticationException failure) {
            return new Verdict(null, failure);
        }
    }
}
