package io.regiohub.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;

/**
 * Buckets in Redis (Bucket4j's compare-and-swap buckets over Lettuce), shared by every gateway
 * instance, so a client's limit holds however many instances serve it.
 *
 * <p>When Redis is unreachable the gateway neither lets everything through (a misbehaving client
 * could then exhaust the services for everyone, API4) nor refuses everything (one cache would take
 * the whole hub down): each instance falls back to its own in-memory bucket for the client, so the
 * limit still holds per instance. A circuit breaker in front of Redis makes that decision without
 * waiting for a time-out on every request while Redis is down, and probes Redis again after a few
 * seconds. {@code regiohub.gateway.rate-limit.store.fallbacks} counts the decisions made locally.
 */
public final class RedisBuckets implements ClientBuckets, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(5);

    private final RedisClient client;
    private final Duration timeout;
    private final LocalBuckets fallback = new LocalBuckets();
    private final CircuitBreaker breaker;
    private final Counter fallbacks;
    private final AtomicReference<Connected> connected = new AtomicReference<>();
    private final RedisURI uri;
    private final ScheduledExecutorService reconnect = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rate-limit-redis-connect").factory());
    private volatile boolean closed;

    private record Connected(StatefulRedisConnection<String, byte[]> connection, AsyncProxyManager<String> buckets) {
    }

    public RedisBuckets(String redisUrl, Duration timeout, MeterRegistry meters) {
        this.uri = RedisURI.create(redisUrl);
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.timeout = timeout;
        this.breaker = CircuitBreaker.of("rate-limit-store", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .build());
        this.fallbacks = Counter.builder("regiohub.gateway.rate-limit.store.fallbacks")
                .description("bucket checks decided by the local bucket because Redis was unreachable")
                .register(meters);
        connect();
    }

    @Override
    public Mono<ConsumptionProbe> tryConsume(String key, RateLimitSettings.Limit limit) {
        return Mono.defer(() -> {
                    AsyncProxyManager<String> buckets = buckets();
                    return Mono.fromFuture(buckets.builder()
                            .build("regiohub:rate-limit:" + key, () -> java.util.concurrent.CompletableFuture
                                    .completedFuture(ClientBuckets.configuration(limit)))
                            .tryConsumeAndReturnRemaining(1));
                })
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(e -> {
                    fallbacks.increment();
                    if (log.isDebugEnabled()) {
                        log.debug("rate limit decided locally, Redis unavailable: {}", e.toString());
                    }
                    return fallback.tryConsume(key, limit);
                });
    }

    public boolean isConnected() {
        Connected current = connected.get();
        return current != null && current.connection().isOpen();
    }

    /** The Redis buckets; never blocks: until the connection is up, the local bucket decides. */
    private AsyncProxyManager<String> buckets() {
        Connected current = connected.get();
        if (current == null || !current.connection().isOpen()) {
            throw new IllegalStateException("not connected to Redis");
        }
        return current.buckets();
    }

    /**
     * Connects in the background, at start and again every few seconds until it succeeds; once
     * connected, Lettuce reconnects by itself after a loss.
     */
    private void connect() {
        if (closed) {
            return;
        }
        client.connectAsync(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri)
                .whenComplete((connection, failure) -> {
                    if (failure != null) {
                        log.warn("Redis for rate limits unreachable ({}); limits hold per gateway instance until it is back",
                                failure.getMessage());
                        reconnect.schedule(this::connect, RECONNECT_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    }
                    AsyncProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(ExpirationAfterWriteStrategy
                                    .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                            .build()
                            .asAsync();
                    connected.set(new Connected(connection, buckets));
                    log.info("rate limits shared through Redis");
                });
    }

    @Override
    public void destroy() {
        closed = true;
        reconnect.shutdownNow();
        Connected current = connected.get();
        if (current != null) {
            current.connection().close();
        }
        client.shutdown();
    }
}
