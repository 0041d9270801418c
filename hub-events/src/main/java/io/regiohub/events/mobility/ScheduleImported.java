package io.regiohub.events.mobility;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A GTFS schedule import succeeded and became the feed's serving schedule: its counts and the
 * service days it covers (null when the feed names none). Whoever plans with or shows the feed's
 * timetable follows it.
 */
@EventType(value = ScheduleImported.TYPE, topic = TopicCatalogue.MOBILITY_EVENTS, subject = "feed")
public record ScheduleImported(
        UUID feedId,
        String municipality,
        UUID importId,
        String feedName,
        int agencies,
        int stops,
        int routes,
        int trips,
        long stopTimes,
        LocalDate firstServiceDay,
        LocalDate lastServiceDay,
        Instant activatedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.mobility.schedule.imported.v1";

    @Override
    public String aggregateId() {
        return feedId.toString();
    }
}
