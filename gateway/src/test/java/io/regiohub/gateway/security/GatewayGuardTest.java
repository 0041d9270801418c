package io.regiohub.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * What the guard decides before any token is looked at: the firewall's verdicts (the request headers
 * checked all at once instead of through Spring's request decorator), and the security headers that
 * leave a response's own caching alone. Tokens, roles and CORS through the whole gateway: GatewayTest.
 */
class GatewayGuardTest {

    private final ReactiveAuthenticationManager noTokens = auth -> Mono.error(new IllegalStateException("no token expected"));
    private final GatewayGuard guard = new GatewayGuard(HeaderCharacters.firewall(),
            new AccessRules(List.of(GatewaySecurity.DOCUMENTATION), List.of("/api/funding/programs")),
            new TokenCache(noTokens, 10, Clock.systemUTC()), null);

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

    private void assertRejected(MockServerHttpRequest.BaseBuilder<?> request) {
        var exchange = MockServerWebExchange.from(request);
        assertThat(passes(exchange)).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("request-rejected");
    }

    private boolean passes(MockServerWebExchange exchange) {
        AtomicBoolean reached = new AtomicBoolean();
        WebFilterChain chain = e -> {
            reached.set(true);
            return Mono.empty();
        };
        guard.filter(exchange, chain).block();
        return reached.get();
    }
}
