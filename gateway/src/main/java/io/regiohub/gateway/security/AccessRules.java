package io.regiohub.gateway.security;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Who may pass the gateway, as one table read top to bottom (first match decides):
 *
 * <ol>
 *   <li>{@code POST /oauth2/token}: anyone (the client authenticates to identity-service);</li>
 *   <li>{@code GET /actuator/health/**}: anyone (probes);</li>
 *   <li>{@code /actuator/**}: an {@code OPS} token;</li>
 *   <li>{@code GET} of the API documentation and of the published content
 *       ({@code regiohub.gateway.public-get}): anyone;</li>
 *   <li>{@code /api/**}: any valid token (roles and ownership are the services' to check);</li>
 *   <li>everything else: no one.</li>
 * </ol>
 *
 * <p>The same decisions Spring Security's {@code authorizeExchange} DSL would make with one path
 * matcher per pattern, taken here in one synchronous pass over precompiled {@link PathPattern}s:
 * the DSL evaluates every matcher as a reactive pipeline of its own, a dozen per request.
 */
public final class AccessRules implements ReactiveAuthorizationManager<AuthorizationContext> {

    enum Access { ANYONE, AUTHENTICATED, OPS, NO_ONE }

    private record Rule(HttpMethod method, List<PathPattern> patterns, Access access) {
        boolean matches(HttpMethod requestMethod, PathContainer path) {
            if (method != null && !method.equals(requestMethod)) {
                return false;
            }
            for (PathPattern pattern : patterns) {
                if (pattern.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Mono<AuthorizationResult> GRANTED = Mono.just(new AuthorizationDecision(true));
    private static final Mono<AuthorizationResult> DENIED = Mono.just(new AuthorizationDecision(false));

    private final List<Rule> rules;

    public AccessRules(List<String> documentation, List<String> publicGet) {
        this.rules = List.of(
                rule(HttpMethod.POST, List.of("/oauth2/token"), Access.ANYONE),
                rule(HttpMethod.GET, List.of("/actuator/health", "/actuator/health/**"), Access.ANYONE),
                rule(null, List.of("/actuator/**"), Access.OPS),
                rule(HttpMethod.GET, documentation, Access.ANYONE),
                rule(HttpMethod.GET, publicGet, Access.ANYONE),
                rule(null, List.of("/api/**"), Access.AUTHENTICATED));
    }

    private static Rule rule(HttpMethod method, List<String> patterns, Access access) {
        return new Rule(method, patterns.stream().map(PathPatternParser.defaultInstance::parse).toList(), access);
    }

    /** The access the request's method and path need. */
    Access required(ServerHttpRequest request) {
        PathContainer path = request.getPath().pathWithinApplication();
        for (Rule rule : rules) {
            if (rule.matches(request.getMethod(), path)) {
                return rule.access();
            }
        }
        return Access.NO_ONE;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        return switch (required(context.getExchange().getRequest())) {
            case ANYONE -> GRANTED;
            case NO_ONE -> DENIED;
            case AUTHENTICATED -> authentication.map(a -> decision(authenticated(a))).defaultIfEmpty(
                    new AuthorizationDecision(false));
            case OPS -> authentication.map(a -> decision(authenticated(a) && a.getAuthorities().stream()
                    .anyMatch(g -> "ROLE_OPS".equals(g.getAuthority())))).defaultIfEmpty(new AuthorizationDecision(false));
        };
    }

    private static boolean authenticated(Authentication a) {
        return a.isAuthenticated() && !(a instanceof AnonymousAuthenticationToken);
    }

    private static AuthorizationResult decision(boolean granted) {
        return new AuthorizationDecision(granted);
    }
}
