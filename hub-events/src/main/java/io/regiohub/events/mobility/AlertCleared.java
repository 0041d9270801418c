package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * A service alert ended: the feed no longer carries it ({@code REMOVED_FROM_FEED}) or its last
 * active period is over ({@code EXPIRED}). Whoever shows the alerts of {@link AlertRaised} follows it.
 */
@EventType(value = AlertCleared.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "alert")
public record AlertCleared(
        UUID feedId,
        String municipality,
        String alertId,
        String reason,
        Instant clearedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.alert.cleared.v1";

    @Override
    public String aggregateId() {
        return feedId + "/" + alertId;
    }
}
