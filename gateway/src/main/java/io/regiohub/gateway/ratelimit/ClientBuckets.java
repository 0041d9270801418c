package io.regiohub.gateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Where the buckets live: in this gateway's memory, or in Redis shared by every gateway instance. */
public interface ClientBuckets {

    /** Takes one token from the bucket {@code key}, created with {@code limit} when new. */
    Mono<ConsumptionProbe> tryConsume(String key, RateLimitSettings.Limit limit);

    /**
     * The same, when the answer is there without waiting (buckets in this gateway's memory); null when it
     * is not (Redis), and the caller asks {@link #tryConsume}. Spares every request in the common case an
     * asynchronous step, which would also stay in the chain that each chunk of the proxied answer passes.
     */
    default ConsumptionProbe tryConsumeNow(String key, RateLimitSettings.Limit limit) {
        return null;
    }

    static BucketConfiguration configuration(RateLimitSettings.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
