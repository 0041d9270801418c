package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A GTFS-Realtime TripUpdate marked a trip instance (trip on a service date) {@code CANCELED};
 * emitted once per trip instance. Whoever informs passengers or reports on service reliability
 * follows it.
 */
@EventType(value = TripCancelled.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "trip")
public record TripCancelled(
        UUID feedId,
        String municipality,
        String tripId,
        String routeId,
        LocalDate serviceDate,
        Instant scheduledStart,
        Instant detectedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.trip.cancelled.v1";

    @Override
    public String aggregateId() {
        return feedId + "/" + tripId + "/" + serviceDate;
    }
}
