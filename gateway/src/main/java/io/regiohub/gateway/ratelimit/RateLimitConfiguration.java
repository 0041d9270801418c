package io.regiohub.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/** Redis-backed buckets when {@code regiohub.gateway.rate-limit.redis-url} is set, in memory otherwise. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "regiohub.gateway.rate-limit.enabled", matchIfMissing = true)
public class RateLimitConfiguration {

    @Bean
    ClientBuckets clientBuckets(RateLimitSettings settings, MeterRegistry meters) {
        return StringUtils.hasText(settings.redisUrl())
                ? new RedisBuckets(settings.redisUrl(), settings.redisTimeout(), meters)
                : new LocalBuckets();
    }

    @Bean
    RateLimitFilter rateLimitFilter(RateLimitSettings settings, ClientBuckets buckets, MeterRegistry meters) {
        return new RateLimitFilter(settings, buckets, meters);
    }
}
