package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A GTFS-Realtime TripUpdate marked a trip instance (trip on a service date, and of a frequency-based
 * trip its {@code startTime} that day, GTFS time past 24:00:00 after midnight; {@code null} for a trip
 * that runs once a day) {@code CANCELED}; emitted once per trip instance. Whoever informs passengers or
 * reports on service reliability follows it.
 */
@EventType(value = TripCancelled.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "trip")
public record TripCancelled(
        UUID feedId,
        String municipality,
        String tripId,
        String routeId,
        LocalDate serviceDate,
        String startTime,
        Instant scheduledStart,
        Instant detectedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.trip.cancelled.v1";

    @Override
    public String aggregateId() {
        return feedId + "/" + tripId + "/" + serviceDate;
    }
}
