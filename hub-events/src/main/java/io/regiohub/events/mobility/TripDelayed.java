package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The predicted delay of a trip instance first reached the configured threshold, at the stop where
 * it was predicted first; emitted once per trip instance, not per update. Whoever informs
 * passengers or reports on service reliability follows it. {@code startTime}: of a frequency-based
 * trip, the start of its instance that day (GTFS time, past 24:00:00 after midnight); {@code null} for a
 * trip that runs once a day.
 */
@EventType(value = TripDelayed.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "trip")
public record TripDelayed(
        UUID feedId,
        String municipality,
        String tripId,
        String routeId,
        LocalDate serviceDate,
        String startTime,
        String stopId,
        int delaySeconds,
        int thresholdSeconds,
        Instant detectedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.trip.delayed.v1";

    @Override
    public String aggregateId() {
        return feedId + "/" + tripId + "/" + serviceDate;
    }
}
