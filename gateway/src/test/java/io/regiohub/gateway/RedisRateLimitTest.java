package io.regiohub.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.fppt.jedismock.RedisServer;
import io.regiohub.gateway.ratelimit.ClientBuckets;
import io.regiohub.gateway.ratelimit.RedisBuckets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rate limits shared through Redis, and the decision when Redis is unreachable: each gateway
 * instance falls back to its own bucket for the client, so limits still hold (per instance) and no
 * request fails because of the cache. The Redis here is jedis-mock, a Redis server written in Java
 * that speaks the Redis protocol over TCP and runs Lua scripts: no Redis binary or Docker exists on
 * the build machines.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "regiohub.gateway.rate-limit.clients.client-burst.requests-per-second=1",
        "regiohub.gateway.rate-limit.clients.client-burst.burst=5",
        "regiohub.gateway.rate-limit.clients.client-burst-too.requests-per-second=1",
        "regiohub.gateway.rate-limit.clients.client-burst-too.burst=5",
        // behaviour, not speed: a loaded build machine must not turn Redis answers into time-outs
        "regiohub.gateway.rate-limit.redis-timeout=5s"})
class RedisRateLimitTest extends GatewayTestSupport {

    static final RedisServer redis = startRedis();

    static RedisServer startRedis() {
        try {
            return RedisServer.newRedisServer().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("regiohub.gateway.rate-limit.redis-url",
                () -> "redis://" + redis.getHost() + ":" + redis.getBindPort());
    }

    @AfterAll
    static void stopRedis() throws IOException {
        if (redis.isRunning()) {
            redis.stop();
        }
    }

    List<HttpResponse<String>> burst(String clientId, int requests) {
        String token = tokens.token(clientId, "06412000", List.of("MUNICIPALITY"), Duration.ofMinutes(5));
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            sent.add(http.sendAsync(request("/api/funding/programs").header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }

    static long count(List<HttpResponse<String>> answers, int status) {
        return answers.stream().filter(r -> r.statusCode() == status).count();
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    ClientBuckets buckets;

    double localDecisions() {
        return meters.get("regiohub.gateway.rate-limit.store.fallbacks").counter().count();
    }

    @Test
    void bucketsLiveInRedisAndStillLimitWhenRedisIsGone() throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(((RedisBuckets) buckets)::isConnected);
        List<HttpResponse<String>> shared = burst("client-burst", 20);
        assertThat(localDecisions()).as("every decision was Redis's").isZero();
        assertThat(count(shared, 200)).isBetween(5L, 8L);
        assertThat(count(shared, 429)).isGreaterThanOrEqualTo(12);
        assertThat(shared.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow()
                .headers().firstValue("Retry-After")).isPresent();

        redis.stop();

        List<HttpResponse<String>> local = burst("client-burst-too", 20);
        assertThat(count(local, 200) + count(local, 429)).as("no request fails because Redis is gone").isEqualTo(20);
        assertThat(count(local, 200)).isBetween(5L, 8L);
        assertThat(count(local, 429)).isGreaterThanOrEqualTo(12);
        assertThat(get("/api/funding/programs", tokens.municipality("06611000")).statusCode()).isEqualTo(200);
        assertThat(localDecisions()).isGreaterThanOrEqualTo(21);
    }
}
