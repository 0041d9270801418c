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

    static BucketConfiguration configuration(RateLimitSettings.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
