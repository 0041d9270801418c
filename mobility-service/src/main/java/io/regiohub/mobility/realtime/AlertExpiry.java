package io.regiohub.mobility.realtime;

import io.regiohub.mobility.feed.FeedService;
import io.regiohub.starter.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Clears alerts whose last active period has ended ({@code alert.cleared} with reason {@code EXPIRED}). */
@Configuration(proxyBeanMethods = false)
class AlertExpiry {

    private static final Logger log = LoggerFactory.getLogger(AlertExpiry.class);

    @Bean
    PeriodicTask alertExpiryTask(RealtimeFeeds realtime, FeedService feeds) {
        return new PeriodicTask("alert-expiry", Duration.ofSeconds(30), () -> realtime.clearExpired(feeds::get),
                e -> log.warn("clearing expired alerts failed", e));
    }
}
