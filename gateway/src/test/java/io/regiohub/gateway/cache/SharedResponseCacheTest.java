package io.regiohub.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The boards' cache at the gateway, against a chain that plays mobility-service, on a clock the test moves. */
class SharedResponseCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SharedResponseCache cache = new SharedResponseCache(1 << 20, 1, now::get, meters, "boards");

    /** The service: counts its calls, answers "board n" with the given Cache-Control, may be held. */
    private final class Service implements GatewayFilterChain {
        final AtomicInteger calls = new AtomicInteger();
        volatile String cacheControl = "max-age=5, public, stale-while-revalidate=5";
        volatile HttpStatus status = HttpStatus.OK;
        volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);
        volatile String extraHeader;

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            int n = calls.incrementAndGet();
            HttpStatus status = this.status;
            String cacheControl = this.cacheControl;
            String extraHeader = this.extraHeader;
            return Mono.fromFuture(hold).then(Mono.defer(() -> {
                var response = exchange.getResponse();
                response.setStatusCode(status);
                response.getHeaders().set("Content-Type", "application/json");
                if (cacheControl != null) {
                    response.getHeaders().set("Cache-Control", cacheControl);
                }
                if (extraHeader != null) {
                    response.getHeaders().set(extraHeader.split(":")[0], extraHeader.split(":")[1]);
                }
                return response.writeWith(Mono.just(response.bufferFactory()
                        .wrap(("board " + n).getBytes(StandardCharsets.UTF_8))));
            }));
        }
    }

    private final Service service = new Service();

    private static MockServerWebExchange board(String... headers) {
        var request = MockServerHttpRequest.get("/api/mobility/feeds/f/stops/S1/departures?window=PT1H");
        for (String h : headers) {
            request.header(h.substring(0, h.indexOf(':')), h.substring(h.indexOf(':') + 1).trim());
        }
        return MockServerWebExchange.from(request);
    }

    private String read(MockServerWebExchange exchange) {
        cache.filter(exchange, service).block();
        return body(exchange);
    }

    private static String body(MockServerWebExchange exchange) {
        return exchange.getResponse().getBodyAsString().block();
    }

    private void seconds(long s) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    private double counted(String outcome) {
        return meters.get("gateway.response.cache.requests").tag("route", "boards").tag("outcome", outcome).counter().count();
    }

    @Test
    void aFreshAnswerIsSharedByEveryCallerWithItsAgeButNotTheGatewaysHeadersOfTheFirstExchange() {
        var first = board("Authorization: Bearer frankfurt");
        first.getResponse().getHeaders().set("X-Correlation-Id", "first-request");
        first.getResponse().getHeaders().set("X-RateLimit-Remaining", "99");
        assertThat(read(first)).isEqualTo("board 1");

        seconds(3);
        var second = board("Authorization: Bearer kassel");
        assertThat(read(second)).as("public: shared between callers").isEqualTo("board 1");
        assertThat(service.calls).hasValue(1);
        assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(second.getResponse().getHeaders().getFirst("Age")).isEqualTo("3");
        assertThat(second.getResponse().getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(second.getResponse().getHeaders().getFirst("Cache-Control")).contains("max-age=5");
        assertThat(second.getResponse().getHeaders().getContentLength()).isEqualTo(7);
        assertThat(second.getResponse().getHeaders().containsHeader("X-Correlation-Id")).isFalse();
        assertThat(second.getResponse().getHeaders().containsHeader("X-RateLimit-Remaining")).isFalse();
        assertThat(counted("hit")).isEqualTo(1);
        assertThat(counted("miss")).isEqualTo(1);

        // another URL is another answer
        cache.filter(MockServerWebExchange.from(MockServerHttpRequest.get(
                "/api/mobility/feeds/f/stops/S1/departures?window=PT2H")), service).block();
        assertThat(service.calls).hasValue(2);
    }

    @Test
    void aStaleAnswerIsServedAtOnceToEveryoneWhileOneRefreshRunsInTheBackground() {
        read(board());
        seconds(6); // stale, within stale-while-revalidate (5 s)
        service.hold = new CompletableFuture<>();
        var first = board();
        assertThat(read(first)).as("the stale copy at once, a refresh started").isEqualTo("board 1");
        assertThat(first.getResponse().getHeaders().getFirst("Age")).isEqualTo("6");
        assertThat(service.calls).hasValue(2);
        assertThat(read(board())).isEqualTo("board 1");
        assertThat(service.calls).as("one refresh, not one per request").hasValue(2);

        service.hold.complete(null);
        assertThat(read(board())).as("the refreshed copy from now on").isEqualTo("board 2");
        assertThat(counted("refresh")).isEqualTo(1);
        assertThat(counted("stale")).isEqualTo(1);
        assertThat(counted("hit")).isEqualTo(1);
    }

    @Test
    void staleCopiesAreRefreshedOneAtATimeAndServedStaleWhileTheyWait() {
        var other = MockServerHttpRequest.get("/api/mobility/feeds/f/stops/S2/departures?window=PT1H");
        read(board());
        cache.filter(MockServerWebExchange.from(other), service).block();
        seconds(6); // both stale
        service.hold = new CompletableFuture<>();
        assertThat(read(board())).isEqualTo("board 1");
        var waitingForItsTurn = MockServerWebExchange.from(other);
        cache.filter(waitingForItsTurn, service).block();
        assertThat(body(waitingForItsTurn)).isEqualTo("board 2");
        assertThat(service.calls).as("one refresh at a time (maxRevalidations 1)").hasValue(3);

        service.hold.complete(null);
        cache.filter(MockServerWebExchange.from(other), service).block();
        assertThat(service.calls).as("its turn").hasValue(4);
        var refreshed = MockServerWebExchange.from(other);
        cache.filter(refreshed, service).block();
        assertThat(body(refreshed)).isEqualTo("board 4");
        assertThat(read(board())).isEqualTo("board 3");
    }

    @Test
    void aRefreshThatFailsLeavesTheStaleCopyForTheNextToTryAgainAndBeyondTheWindowItIsGone() {
        read(board());
        seconds(6);
        service.status = HttpStatus.SERVICE_UNAVAILABLE;
        assertThat(read(board())).isEqualTo("board 1");
        service.status = HttpStatus.OK;
        assertThat(read(board())).as("still the stale copy; this request refreshes again").isEqualTo("board 1");
        assertThat(read(board())).isEqualTo("board 3");

        seconds(11); // past max-age + stale-while-revalidate: never served
        service.hold = new CompletableFuture<>();
        CompletableFuture<Void> waiting = cache.filter(board(), service).toFuture();
        assertThat(waiting).isNotDone();
        service.hold.complete(null);
        waiting.join();
        assertThat(service.calls).hasValue(4);
    }

    @Test
    void concurrentRequestsForAMissingAnswerWaitForOneRequestToTheService() {
        service.hold = new CompletableFuture<>();
        List<MockServerWebExchange> exchanges = List.of(board(), board("Authorization: Bearer a"), board());
        List<CompletableFuture<Void>> answers = exchanges.stream()
                .map(e -> cache.filter(e, service).toFuture()).toList();
        assertThat(answers).noneMatch(CompletableFuture::isDone);
        assertThat(service.calls).hasValue(1);

        service.hold.complete(null);
        answers.forEach(CompletableFuture::join);
        assertThat(exchanges).allSatisfy(e -> assertThat(body(e)).isEqualTo("board 1"));
        assertThat(counted("shared")).isEqualTo(2);
    }

    @Test
    void whenTheAnswerOnItsWayCannotBeStoredTheWaitingRequestsAskThemselves() {
        service.hold = new CompletableFuture<>();
        service.status = HttpStatus.SERVICE_UNAVAILABLE;
        CompletableFuture<Void> first = cache.filter(board(), service).toFuture();
        var second = board();
        CompletableFuture<Void> waiting = cache.filter(second, service).toFuture();
        service.status = HttpStatus.OK;
        service.hold.complete(null);
        first.join();
        waiting.join();
        assertThat(service.calls).hasValue(2);
        assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-store", "private, max-age=5", "no-cache, max-age=5", "public", "max-age=5",
            "public, max-age=5|Set-Cookie:session=1", "public, max-age=5|Vary:*", "public, max-age=5|status:404"})
    void answersTheServiceDidNotMarkAsSharableAreNotStored(String given) {
        String[] parts = given.split("\\|");
        service.cacheControl = parts[0];
        if (parts.length > 1 && parts[1].startsWith("status:")) {
            service.status = HttpStatus.NOT_FOUND;
        } else if (parts.length > 1) {
            service.extraHeader = parts[1];
        }
        // "max-age=5" alone: stored for anonymous readers, but not for a request with credentials
        read(board("Authorization: Bearer frankfurt"));
        read(board("Authorization: Bearer kassel"));
        assertThat(service.calls).hasValue(2);
    }

    @Test
    void anAnswerToAnAnonymousRequestNeedsOnlyAMaxAgeAndVaryKeepsVariantsApart() {
        service.cacheControl = "max-age=5";
        service.extraHeader = "Vary:Accept-Language";
        assertThat(read(board("Accept-Language: de"))).isEqualTo("board 1");
        assertThat(read(board("Accept-Language: de"))).isEqualTo("board 1");
        assertThat(read(board("Accept-Language: en"))).as("another variant").isEqualTo("board 2");
    }

    @Test
    void theCallerMayAskForAFreshAnswerOrForNothingToBeStored() {
        read(board());
        assertThat(read(board("Cache-Control: no-cache"))).isEqualTo("board 2");
        assertThat(read(board())).as("the fresh answer was stored").isEqualTo("board 2");
        assertThat(read(board("Pragma: no-cache"))).isEqualTo("board 3");
        assertThat(read(board("Cache-Control: no-store"))).isEqualTo("board 4");
        assertThat(read(board())).as("no-store stored nothing").isEqualTo("board 3");
    }

    @Test
    void mustRevalidateIsNeverServedStaleAndOnlyGetIsCached() {
        service.cacheControl = "public, max-age=5, must-revalidate, stale-while-revalidate=30";
        read(board());
        seconds(6);
        assertThat(read(board())).isEqualTo("board 2");

        var post = MockServerWebExchange.from(MockServerHttpRequest.post("/api/mobility/feeds/f/stops/S1/departures?window=PT1H"));
        cache.filter(post, service).block();
        assertThat(service.calls).hasValue(3);
    }
}
