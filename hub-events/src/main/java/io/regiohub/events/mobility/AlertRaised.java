package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A GTFS-Realtime service alert appeared in a feed (or changed): its cause and effect (GTFS-Realtime
 * enum names), texts, the agencies, routes, stops and trips it concerns and when it is active.
 * Whoever informs passengers or citizens about disruptions follows it.
 */
@EventType(value = AlertRaised.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "alert")
public record AlertRaised(
        UUID feedId,
        String municipality,
        String alertId,
        String cause,
        String effect,
        String header,
        String description,
        List<InformedEntity> informedEntities,
        List<ActivePeriod> activePeriods,
        Instant raisedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.alert.raised.v1";

    /** What the alert concerns, by GTFS ids; each may be null (unspecified). */
    public record InformedEntity(String agencyId, String routeId, String stopId, String tripId) {
    }

    /** When the alert is active; a null start or end leaves the period open on that side. */
    public record ActivePeriod(Instant start, Instant end) {
    }

    @Override
    public String aggregateId() {
        return feedId + "/" + alertId;
    }
}
