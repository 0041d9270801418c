package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A municipality opened a participation process with its phases (participation-service). */
@EventType(value = ProcessOpened.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "process")
public record ProcessOpened(
        UUID processId,
        String municipality,
        String title,
        List<String> topics,
        String audience,
        Integer supportThreshold,
        List<Phase> phases,
        String currentPhase,
        Instant openedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.process.opened.v1";

    /** One phase of the process; {@code endsAt} is null only for the standing ideas box. */
    public record Phase(String type, Instant startsAt, Instant endsAt) {
    }

    @Override
    public String aggregateId() {
        return processId.toString();
    }
}
