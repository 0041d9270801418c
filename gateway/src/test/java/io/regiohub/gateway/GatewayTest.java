package io.regiohub.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;

/**
 * The gateway in front of four real HTTP backends, with tokens of a real issuer (JWKS over HTTP):
 * routing, token validation, anonymous access to published content only, rate limits, circuit
 * breakers and time limits, retries of GET only, size limits, CORS, security headers, correlation
 * ids, and Problem Details for every error of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "regiohub.gateway.rate-limit.clients.client-burst.requests-per-second=1",
        "regiohub.gateway.rate-limit.clients.client-burst.burst=5",
        "regiohub.gateway.route-timeouts.mobility=1s",
        "regiohub.gateway.route-max-request-sizes.funding=1KB",
        "regiohub.gateway.circuit-breaker.sliding-window-size=4",
        "regiohub.gateway.circuit-breaker.minimum-number-of-calls=4",
        "regiohub.gateway.circuit-breaker.wait-in-open-state=1s",
        "regiohub.gateway.circuit-breaker.permitted-calls-in-half-open-state=1",
        "regiohub.gateway.cors.allowed-origin-patterns=https://*.kassel.de",
        "regiohub.gateway.clock-skew=0s"})
class GatewayTest extends GatewayTestSupport {

    static final String FRANKFURT = "06412000";

    @Autowired
    ReactiveResilience4JCircuitBreakerFactory circuitBreakers;

    @AfterEach
    void restoreBackendsAndCircuits() {
        for (Backend b : List.of(participation, mobility, funding, identity)) {
            b.status = 200;
            b.answer();
        }
        circuitBreakers.getCircuitBreakerRegistry().getAllCircuitBreakers().forEach(cb -> cb.reset());
    }

    String frankfurt() {
        return tokens.municipality(FRANKFURT);
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://regiohub.io/problems/" + type + "\"")
                .contains("\"status\":" + status).contains("\"correlationId\"")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void eachContextReachesItsOwnServiceWithPathQueryAndTokenIntact() {
        assertThat(get("/api/participation/processes/42?x=1", frankfurt()).body())
                .contains("participation").contains("\"authorization\":\"present\"");
        assertThat(get("/api/mobility/feeds/7/stops/S1/departures?window=PT1H", frankfurt()).body()).contains("mobility");
        assertThat(get("/api/funding/municipalities/06412000/opportunities", frankfurt()).body()).contains("funding");
        assertThat(get("/api/identity/municipalities").body()).contains("identity");
        assertThat(participation.received).anyMatch(r -> r.startsWith("GET /api/participation/processes/42?x=1 "));
        assertThat(mobility.received).anyMatch(r -> r.startsWith("GET /api/mobility/feeds/7/stops/S1/departures?window=PT1H "));
        assertThat(funding.received).anyMatch(r -> r.startsWith("GET /api/funding/municipalities/06412000/opportunities "));
    }

    @Test
    void theTokenEndpointIsReachableWithoutATokenForPostOnly() {
        var post = send(request("/oauth2/token").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertThat(post.body()).contains("identity");
        assertThat(identity.received).anyMatch(r -> r.startsWith("POST /oauth2/token "));
        int before = identity.received.size();
        assertThat(get("/oauth2/token").statusCode()).isEqualTo(401);
        assertThat(get("/oauth2/jwks").statusCode()).isEqualTo(401);
        assertThat(identity.received).hasSize(before);
    }

    @Test
    void withoutAValidTokenOnlyPublishedContentIsServed() {
        assertThat(get("/api/participation/proposals/7").statusCode()).isEqualTo(200);
        assertThat(get("/api/funding/programs").statusCode()).isEqualTo(200);
        int before = funding.received.size();

        HttpResponse<String> anonymous = get("/api/funding/municipalities/06412000/opportunities");
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertProblem(send(request("/api/participation/municipalities/06412000/proposals")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))), 401, "unauthorized");

        String forged = frankfurt().substring(0, frankfurt().lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        assertProblem(get("/api/funding/municipalities/06412000/opportunities", forged), 401, "unauthorized");
        String expired = tokens.token("client-06412000", FRANKFURT, List.of("MUNICIPALITY"), Duration.ofMinutes(-5));
        assertProblem(get("/api/funding/municipalities/06412000/opportunities", expired), 401, "unauthorized");
        assertProblem(get("/api/funding/programs", "not-a-jwt"), 401, "unauthorized");
        assertThat(funding.received).hasSize(before);
    }

    /**
     * A revoked client gets no new token (identity-service's OnboardingTest); the ones it holds end
     * when they expire, even though the gateway caches validated tokens.
     */
    @Test
    void aCachedTokenStopsWorkingWhenItExpires() {
        String shortLived = tokens.token("client-06412000", FRANKFURT, List.of("MUNICIPALITY"), Duration.ofSeconds(2));
        assertThat(get("/api/funding/municipalities/06412000/opportunities", shortLived).statusCode()).isEqualTo(200);
        assertThat(get("/api/funding/municipalities/06412000/opportunities", shortLived).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertProblem(get("/api/funding/municipalities/06412000/opportunities", shortLived), 401, "unauthorized"));
    }

    @Test
    void servicesActuatorsAreNeverRoutedAndTheGatewaysOwnNeedOps() {
        int before = participation.received.size() + identity.received.size();
        assertThat(get("/actuator/health").body()).contains("UP");
        assertProblem(get("/actuator/gateway/routes"), 401, "unauthorized");
        assertProblem(get("/actuator/gateway/routes", frankfurt()), 403, "forbidden");
        assertThat(get("/actuator/gateway/routes", tokens.ops()).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/env", tokens.ops()).statusCode()).isEqualTo(404);
        assertThat(get("/participation/actuator/health", tokens.ops()).statusCode()).isIn(403, 404);
        assertThat(get("/api/participation/../actuator/env", tokens.ops()).statusCode()).isIn(400, 403, 404);
        assertThat(participation.received.size() + identity.received.size()).isEqualTo(before);
    }

    @Test
    void swaggerUiAggregatesTheServicesOpenApiDocumentsWithoutAToken() {
        var config = get("/gateway/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/v3/api-docs/participation", "/v3/api-docs/mobility",
                "/v3/api-docs/funding", "/v3/api-docs/identity");
        assertThat(get("/swagger-ui.html").statusCode()).isIn(200, 302);
        assertThat(get("/webjars/swagger-ui/index.html").statusCode()).isEqualTo(200);
        int before = funding.received.size();
        assertThat(get("/v3/api-docs/funding").statusCode()).isEqualTo(200);
        assertThat(funding.received.subList(before, funding.received.size()))
                .anyMatch(r -> r.startsWith("GET /v3/api-docs "));
    }

    @Test
    void anUnknownApiIsANotFoundProblem() {
        assertProblem(get("/api/unknown/x", frankfurt()), 404, "not-found");
    }

    @Test
    void aCorrelationIdFollowsTheRequestToTheServiceAndBack() {
        var given = send(request("/api/participation/processes/1").header("Authorization", "Bearer " + frankfurt())
                .header("X-Correlation-Id", "portal-4711").GET());
        // once: the service echoes the id, and the gateway's response carries it already
        assertThat(given.headers().allValues("X-Correlation-Id")).containsExactly("portal-4711");
        assertThat(participation.received).anyMatch(r -> r.contains(" portal-4711 "));

        var insane = send(request("/api/participation/processes/2").header("Authorization", "Bearer " + frankfurt())
                .header("X-Correlation-Id", "<script>").GET());
        assertThat(insane.headers().allValues("X-Correlation-Id")).hasSize(1);
        String generated = insane.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(participation.received).anyMatch(r -> r.contains(" " + generated + " "));
        assertThat(get("/api/unknown").headers().firstValue("X-Correlation-Id")).isPresent();
    }

    @Test
    void departureBoardsAreServedFromTheGatewaysCacheWhileFresh() {
        String board = "/api/mobility/feeds/" + java.util.UUID.randomUUID() + "/stops/S9/departures?window=PT1H";
        var first = get(board, frankfurt());
        var second = get(board, frankfurt());
        // a public answer (published content, Cache-Control: public): shared with other callers and anonymous readers
        var kassel = get(board, tokens.municipality("06611000"));
        var anonymous = get(board);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(List.of(second.body(), kassel.body(), anonymous.body())).containsOnly(first.body());
        assertThat(mobility.received.stream().filter(r -> r.contains(board))).as("the service was asked once").hasSize(1);
        assertThat(second.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(second.headers().firstValue("Age")).isPresent();
        assertThat(kassel.headers().firstValue("X-Correlation-Id")).isPresent()
                .isNotEqualTo(first.headers().firstValue("X-Correlation-Id"));

        get(board + "&at=2026-11-26T08:00:00Z", frankfurt());
        assertThat(mobility.received.stream().filter(r -> r.contains("/stops/S9/departures"))).as("another board")
                .hasSize(2);
        // other mobility reads are not cached
        get("/api/mobility/hotspots?near=50.1,8.6", frankfurt());
        get("/api/mobility/hotspots?near=50.1,8.6", frankfurt());
        assertThat(mobility.received.stream().filter(r -> r.contains("/api/mobility/hotspots?near=50.1,8.6")))
                .hasSize(2);
    }

    @Test
    void aStaleBoardIsServedAtOnceWhileTheRouteRefreshesItInTheBackground() {
        String board = "/api/mobility/feeds/" + java.util.UUID.randomUUID() + "/stops/STALE/departures?window=PT1H";
        var first = get(board, frankfurt());
        assertThat(first.statusCode()).isEqualTo(200);
        mobility.hang(); // the refresh waits for the service, the reader does not
        try {
            var stale = get(board, frankfurt());
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.body()).isEqualTo(first.body());
            assertThat(stale.headers().firstValue("Age")).isPresent();
            assertThat(stale.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        } finally {
            mobility.answer();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                mobility.received.stream().filter(r -> r.contains(board))).as("refreshed through the route").hasSize(2));
        // the refresh that timed out was not stored; the next reader starts another one
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(get(board, frankfurt()).statusCode()).isEqualTo(200);
            assertThat(mobility.received.stream().filter(r -> r.contains(board))).hasSizeGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void responsesCarrySecurityHeaders() {
        var response = get("/api/funding/programs");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                v -> assertThat(v).contains("frame-ancestors 'none'"));
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void corsAllowsConfiguredOriginsOnly() {
        var allowed = send(request("/api/funding/programs").header("Origin", "https://portal.kassel.de")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://portal.kassel.de");

        var foreign = send(request("/api/funding/programs").header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void bodiesAboveTheRoutesLimitAreRefusedBeforeReachingTheService() {
        int before = funding.received.size();
        byte[] big = new byte[2048];
        var declared = send(request("/api/funding/municipalities/06412000/consultations")
                .header("Authorization", "Bearer " + frankfurt()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertProblem(declared, 413, "payload-too-large");
        assertThat(declared.body()).contains("1024 bytes");

        var chunked = send(request("/api/funding/municipalities/06412000/consultations")
                .header("Authorization", "Bearer " + frankfurt()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertProblem(chunked, 413, "payload-too-large");
        assertThat(funding.received).hasSize(before);

        var small = send(request("/api/funding/municipalities/06412000/consultations")
                .header("Authorization", "Bearer " + frankfurt()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[512])));
        assertThat(small.statusCode()).isEqualTo(200);
    }

    @Test
    void aBurstAboveTheClientsRateGets429WithRetryAfterWhileOtherClientsGoOn() {
        String bursting = tokens.token("client-burst", FRANKFURT, List.of("MUNICIPALITY"), Duration.ofMinutes(5));
        String other = tokens.token("client-06611000", "06611000", List.of("MUNICIPALITY"), Duration.ofMinutes(5));
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(http.sendAsync(request("/api/funding/programs").header("Authorization", "Bearer " + bursting)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> otherClient = get("/api/funding/programs", other);
        List<HttpResponse<String>> answers = burst.stream().map(CompletableFuture::join).toList();

        List<HttpResponse<String>> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isBetween(5L, 8L);
        assertThat(limited).hasSizeGreaterThanOrEqualTo(12);
        assertProblem(limited.getFirst(), 429, "rate-limited");
        assertThat(limited.getFirst().headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(limited.getFirst().body()).contains("client-burst");
        assertThat(otherClient.statusCode()).isEqualTo(200);
    }

    /** No bulkhead caps a route's concurrency: 40 requests in flight at once all reach the service. */
    @Test
    void manyConcurrentRequestsOfOneClientAreAllServed() {
        funding.hang();
        int before = funding.received.size();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            inFlight.add(http.sendAsync(request("/api/funding/programs").header("Authorization", "Bearer " + frankfurt())
                    .GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(4)).until(() -> funding.received.size() - before >= 40);
        funding.answer();
        assertThat(inFlight.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)).containsOnly(200);
    }

    @Test
    void aSlowServiceGets503WithinTheRoutesTimeLimit() {
        mobility.hang();
        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/mobility/feeds", frankfurt());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertProblem(response, 503, "service-timeout");
        assertThat(response.body()).contains("1000 ms");
        assertThat(took).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aServiceThatIsDownGets503TheCircuitOpensAndClosesWhenItReturns() {
        mobility.stop();
        try {
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> down = get("/api/mobility/feeds", frankfurt());
                assertProblem(down, 503, "service-unavailable");
                assertThat(down.headers().firstValue("Retry-After")).isPresent();
            }
            HttpResponse<String> open = get("/api/mobility/feeds", frankfurt());
            assertProblem(open, 503, "service-unavailable");
            assertThat(open.body()).contains("stops calling it");
            assertThat(circuitBreakers.getCircuitBreakerRegistry().circuitBreaker("mobility").getState().name())
                    .isEqualTo("OPEN");
        } finally {
            mobility.restart();
        }
        int before = mobility.received.size();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/mobility/feeds", frankfurt()).statusCode() == 200);
        assertThat(circuitBreakers.getCircuitBreakerRegistry().circuitBreaker("mobility").getState().name())
                .isEqualTo("CLOSED");
        assertThat(mobility.received.size()).isGreaterThan(before);
    }

    @Test
    void onlyIdempotentGetsAreRetried() {
        identity.status = 503;
        int before = identity.received.size();
        assertProblem(get("/api/identity/municipalities/06412000", frankfurt()), 503, "service-unavailable");
        assertThat(identity.received.size() - before).isEqualTo(3); // the call and two retries

        before = identity.received.size();
        AtomicReference<HttpResponse<String>> post = new AtomicReference<>();
        post.set(send(request("/api/identity/municipalities").header("Authorization", "Bearer " + tokens.programmeOffice())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))));
        assertProblem(post.get(), 503, "service-unavailable");
        assertThat(identity.received.size() - before).isEqualTo(1);
    }
}
