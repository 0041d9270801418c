package io.regiohub.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Buckets in this instance's memory (Bucket4j's lock-free buckets). With several gateway instances
 * each enforces the limit on its own share of the traffic; Redis makes the limit global.
 */
public final class LocalBuckets implements ClientBuckets {

    // a bucket idle for longer than it takes to refill is full again: forgetting it changes nothing
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(1_000_000)
            .build();

    @Override
    public Mono<ConsumptionProbe> tryConsume(String key, RateLimitSettings.Limit limit) {
        return Mono.just(tryConsumeNow(key, limit));
    }

    @Override
    public ConsumptionProbe tryConsumeNow(String key, RateLimitSettings.Limit limit) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(ClientBuckets.configuration(limit).getBandwidths()[0])
                .build());
        return bucket.tryConsumeAndReturnRemaining(1);
    }
}
