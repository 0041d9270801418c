package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * A small notice that a GTFS-Realtime message of a feed ({@code TRIP_UPDATES},
 * {@code VEHICLE_POSITIONS} or {@code ALERTS}) was applied; the data itself stays in
 * mobility-service. Every instance of mobility-service follows it to refresh its live departure
 * boards.
 */
@EventType(value = RealtimeApplied.TYPE, topic = TopicCatalogue.MOBILITY_REALTIME, subject = "feed")
public record RealtimeApplied(
        UUID feedId,
        String municipality,
        String kind,
        Instant feedTimestamp,
        int entities,
        Instant appliedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.realtime.applied.v1";

    @Override
    public String aggregateId() {
        return feedId.toString();
    }
}
