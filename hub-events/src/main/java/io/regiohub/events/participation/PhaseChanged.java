package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/**
 * A process entered another phase (or, between two phases or after the last, none: {@code phase}
 * null). Announced once per change, by whichever instance of participation-service sees it first.
 */
@EventType(value = PhaseChanged.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "process")
public record PhaseChanged(
        UUID processId,
        String municipality,
        String previousPhase,
        String phase,
        Instant phaseEndsAt,
        Instant changedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.process.phase-changed.v1";

    @Override
    public String aggregateId() {
        return processId.toString();
    }
}
