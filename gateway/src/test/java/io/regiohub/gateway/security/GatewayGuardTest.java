package io.regiohub.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.regiohub.gateway.ratelimit.LocalBuckets;
import io.regiohub.gateway.ratelimit.RateLimitFilter;
import io.regiohub.gateway.ratelimit.RateLimitSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What the guard decides before any token is looked at: the firewall's verdicts (the request headers
 * checked all at once instead of through Spring's request decorator), and the security headers that
 * leave a response's own caching alone. Tokens, roles and CORS through the whole gateway: GatewayTest.
 */
class GatewayGuardTest {

    private final ReactiveAuthenticationManager noTokens = auth -> Mono.error(new IllegalStateException("no token expected"));
    private final GatewayGuard guard = guard(noTokens);

    private static GatewayGuard guard(ReactiveAuthenticationManager tokens) {
        return new GatewayGuard(HeaderCharacters.firewall(),
                new AccessRules(List.of(GatewaySecurity.DOCUMENTATION), List.of("/api/funding/programs")),
                new TokenCache(tokens, 10, Clock.systemUTC()), null, UnknownTokenLimit.NONE);
    }

    private static JwtAuthenticationToken caller(String role) {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("client-" + role)
                .expiresAt(Instant.now().plusSeconds(60)).build();
        return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
    }

    private static MockServerWebExchange withToken(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer abc.def.ghi"));
    }

    @Test
    void aValidTokenPassesWhereATokenIsNeededButOpsEndpointsNeedTheOpsRoleAndNoOneReachesTheRest() {
        GatewayGuard municipality = guard(auth -> Mono.just(caller("MUNICIPALITY")));
        var api = withToken("/api/funding/pipeline");
        assertThat(passes(municipality, api)).isTrue();
        assertThat(GatewayGuard.caller(api).getName()).isEqualTo("client-MUNICIPALITY");

        var actuator = withToken("/actuator/prometheus");
        assertThat(passes(municipality, actuator)).isFalse();
        assertThat(actuator.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(passes(guard(auth -> Mono.just(caller("OPS"))), withToken("/actuator/prometheus"))).isTrue();

        var nowhere = withToken("/internal/anything");
        assertThat(passes(municipality, nowhere)).isFalse();
        assertThat(nowhere.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void signingKeysThatCannotBeFetchedAre503NotAServerError() {
        // what Nimbus reports when identity-service's JWK set is unreachable
        GatewayGuard keysDown = guard(auth -> Mono.error(new IllegalStateException("Could not obtain the keys")));
        var exchange = withToken("/api/funding/pipeline");
        assertThat(passes(keysDown, exchange)).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("identity-unavailable");

        var rejected = withToken("/api/funding/pipeline");
        assertThat(passes(guard(auth -> Mono.error(new BadCredentialsException("expired"))), rejected)).isFalse();
        assertThat(rejected.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aPublicRequestPassesWithTheSecurityHeaders() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/funding/programs"));
        assertThat(passes(exchange)).isTrue();
        exchange.getResponse().setComplete().block();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(headers.getFirst(HttpHeaders.CACHE_CONTROL)).startsWith("no-cache, no-store");
        assertThat(headers.containsHeader("Strict-Transport-Security")).isFalse(); // plain HTTP
    }

    @Test
    void aResponseThatSaysHowItMayBeCachedKeepsItAndAServicesOwnHeadersWin() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("https://hub.example/api/funding/programs"));
        assertThat(passes(exchange)).isTrue();
        exchange.getResponse().getHeaders().set(HttpHeaders.CACHE_CONTROL, "public, max-age=5");
        exchange.getResponse().getHeaders().set("X-Frame-Options", "SAMEORIGIN");
        exchange.getResponse().setComplete().block();
        HttpHeaders headers = exchange.getResponse().getHeaders();
        assertThat(headers.get(HttpHeaders.CACHE_CONTROL)).containsExactly("public, max-age=5");
        assertThat(headers.containsHeader(HttpHeaders.PRAGMA)).isFalse();
        assertThat(headers.get("X-Frame-Options")).containsExactly("SAMEORIGIN");
        assertThat(headers.getFirst("Strict-Transport-Security")).startsWith("max-age=");
    }

    @Test
    void theFirewallRejectsTraversalEncodedSlashesAndForbiddenHeaderCharactersWith400() {
        assertRejected(MockServerHttpRequest.get("/api/funding/../actuator/env"));
        assertRejected(MockServerHttpRequest.get("/api/funding/programs%2F..%2Fx"));
        assertRejected(MockServerHttpRequest.method(org.springframework.http.HttpMethod.valueOf("TRACE"),
                "/api/funding/programs"));
        assertRejected(MockServerHttpRequest.get("/api/funding/programs").header("X-Note", "a\u0085b"));
        assertRejected(MockServerHttpRequest.get("/api/funding/programs").header("X-N\u0001te", "ab"));
    }

    @Test
    void aMissingTokenWhereOneIsNeededIs401AndAMalformedOneToo() {
        var none = MockServerWebExchange.from(MockServerHttpRequest.get("/api/funding/pipeline"));
        assertThat(passes(none)).isFalse();
        assertThat(none.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(none.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");

        var malformed = MockServerWebExchange.from(MockServerHttpRequest.get("/api/funding/programs")
                .header(HttpHeaders.AUTHORIZATION, "Bearer a b"));
        assertThat(passes(malformed)).isFalse(); // a public path, but a token that is there must be valid
        assertThat(malformed.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void tokensTheGatewayHasNotSeenAreCheckedOnlyWhileTheirAddressHasBudgetAndAKnownTokenCostsNothing() {
        AtomicInteger checks = new AtomicInteger();
        ReactiveAuthenticationManager signatures = auth -> {
            checks.incrementAndGet();
            return ((BearerTokenAuthenticationToken) auth).getToken().startsWith("valid")
                    ? Mono.just(caller("MUNICIPALITY")) : Mono.error(new BadCredentialsException("forged"));
        };
        // one token check per second and address, two at once
        RateLimitSettings settings = new RateLimitSettings(true, new RateLimitSettings.Limit(100, 200),
                new RateLimitSettings.Limit(20, 40), new RateLimitSettings.Limit(1, 2), Map.of(), null,
                Duration.ofMillis(100));
        GatewayGuard limited = new GatewayGuard(HeaderCharacters.firewall(),
                new AccessRules(List.of(GatewaySecurity.DOCUMENTATION), List.of()),
                new TokenCache(signatures, 10, Clock.systemUTC()), null,
                new RateLimitFilter(settings, new LocalBuckets(), new SimpleMeterRegistry()));
        String attacker = "203.0.113.7";

        for (String forged : List.of("forged.1.x", "forged.2.x")) {
            var exchange = from(attacker, forged);
            assertThat(passes(limited, exchange)).isFalse();
            assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        var third = from(attacker, "forged.3.x");
        assertThat(passes(limited, third)).isFalse();
        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(third.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(third.getResponse().getBodyAsString().block()).contains("rate-limited");
        assertThat(checks).as("no signature checked once the address's budget is spent").hasValue(2);

        // another address has its own budget; the valid token it brought is now known ...
        assertThat(passes(limited, from("198.51.100.9", "valid.token.x"))).isTrue();
        assertThat(checks).hasValue(3);
        // ... and passes from the spent address too, without a check
        assertThat(passes(limited, from(attacker, "valid.token.x"))).isTrue();
        assertThat(checks).hasValue(3);
    }

    private static MockServerWebExchange from(String address, String token) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/funding/pipeline")
                .remoteAddress(new InetSocketAddress(address, 4711))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    private void assertRejected(MockServerHttpRequest.BaseBuilder<?> request) {
        var exchange = MockServerWebExchange.from(request);
        assertThat(passes(exchange)).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("request-rejected");
        assertThat(exchange.getResponse().getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    private boolean passes(MockServerWebExchange exchange) {
        return passes(guard, exchange);
    }

    private static boolean passes(GatewayGuard guard, MockServerWebExchange exchange) {
        AtomicBoolean reached = new AtomicBoolean();
        WebFilterChain chain = e -> {
            reached.set(true);
            return Mono.empty();
        };
        guard.filter(exchange, chain).block();
        return reached.get();
    }
}
