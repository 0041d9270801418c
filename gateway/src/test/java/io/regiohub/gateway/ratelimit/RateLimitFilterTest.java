package io.regiohub.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A rate-limit answer that arrives on another thread (Redis answers on its client's threads) hands the
 * request back to the event loop it arrived on, where its proxying takes the loop's own connections.
 */
class RateLimitFilterTest {

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService redisClient = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("redis-client").factory());
    private final RateLimitSettings settings = new RateLimitSettings(true, new RateLimitSettings.Limit(100, 200),
            new RateLimitSettings.Limit(1, 1), new RateLimitSettings.Limit(20, 40), Map.of(), null,
            Duration.ofMillis(100));
    /** Buckets in memory whose answers come from another thread, as Redis's do. */
    private final ClientBuckets remote = new ClientBuckets() {
        private final LocalBuckets buckets = new LocalBuckets();

        @Override
        public Mono<ConsumptionProbe> tryConsume(String key, RateLimitSettings.Limit limit) {
            // answered on the client's thread once asked, however fast
            return Mono.create(answer -> redisClient.execute(() -> answer.success(buckets.tryConsumeNow(key, limit))));
        }
    };
    private final RateLimitFilter filter = new RateLimitFilter(settings, remote, new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        redisClient.shutdownNow();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theRequestGoesOnOnTheEventLoopItArrivedOnWhenTheBucketAnswersElsewhere() throws Exception {
        EventExecutor loop = loops.next();
        ServerWebExchange allowed = anonymousRequest();
        CompletableFuture<Thread> chainRanOn = new CompletableFuture<>();
        loop.execute(() -> filter.filter(allowed, exchange -> {
            chainRanOn.complete(Thread.currentThread());
            return Mono.empty();
        }).subscribe());
        assertThat(loop.inEventLoop(chainRanOn.get(10, TimeUnit.SECONDS))).as("went on on its own loop").isTrue();

        ServerWebExchange refused = anonymousRequest(); // the anonymous bucket holds one request
        CompletableFuture<Thread> answeredOn = new CompletableFuture<>();
        loop.execute(() -> filter.filter(refused, exchange -> Mono.error(new AssertionError("not refused")))
                .doOnSuccess(done -> answeredOn.complete(Thread.currentThread()))
                .subscribe());
        assertThat(loop.inEventLoop(answeredOn.get(10, TimeUnit.SECONDS))).as("refused on its own loop").isTrue();
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isNotNull();
    }

    @Test
    void offAnEventLoopTheRequestGoesOnWhereTheAnswerArrived() {
        Thread ranOn = filter.filter(anonymousRequest(), exchange -> Mono.empty())
                .then(Mono.fromCallable(Thread::currentThread))
                .block(Duration.ofSeconds(10));
        assertThat(ranOn.getName()).isEqualTo("redis-client");
    }

    private static ServerWebExchange anonymousRequest() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/participation/proposals").build());
    }
}
