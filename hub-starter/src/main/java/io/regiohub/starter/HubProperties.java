package io.regiohub.starter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the hub runtime every service shares. Every value has a default that runs locally
 * and can be overridden by environment variable ({@code REGIOHUB_OUTBOX_BATCHSIZE=500}, ...).
 *
 * @param service the service's name, the CloudEvents {@code source} ({@code /<service>}) of its events;
 *                defaults to {@code spring.application.name}
 * @param outbox  the transactional outbox relay
 * @param consumer retries and dead letters of event consumers
 */
@ConfigurationProperties("regiohub")
@Validated
public record HubProperties(
        String service,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue @Valid Consumer consumer) {

    /**
     * @param enabled      whether this instance relays (false: events stay stored until another instance relays them)
     * @param pollInterval how often the relay looks for events when nobody woke it after a commit
     * @param batchSize    events published per relay transaction
     * @param sendTimeout  how long the relay waits for the broker's acknowledgement of a batch
     * @param retryBackoff pause after a failed batch before the next attempt
     */
    public record Outbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("500") @Positive int batchSize,
            @DefaultValue("15s") Duration sendTimeout,
            @DefaultValue("1s") Duration retryBackoff) {
    }

    /**
     * @param maxAttempts    attempts of a failing event (the first included) before it goes to the dead-letter topic
     * @param initialBackoff pause before the second attempt
     * @param maxBackoff     longest pause between attempts (exponential back-off, factor 2)
     * @param inboxRetention how long the inbox remembers an applied event; keep it well above the
     *                       topics' retention, since only a record still on a topic can come again
     */
    public record Consumer(
            @DefaultValue("4") @Positive int maxAttempts,
            @DefaultValue("200ms") Duration initialBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("30d") Duration inboxRetention) {
    }
}
