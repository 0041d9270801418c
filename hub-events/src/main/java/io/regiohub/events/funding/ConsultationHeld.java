package io.regiohub.events.funding;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/** The programme office advised the municipality; {@code followUp} when another session is needed. */
@EventType(value = ConsultationHeld.TYPE, topic = TopicCatalogue.FUNDING_EVENTS, subject = "consultation")
public record ConsultationHeld(
        UUID consultationId,
        String municipality,
        String programmeId,
        UUID proposalId,
        String advisor,
        String outcome,
        boolean followUp,
        Instant heldAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.funding.consultation.held.v1";

    @Override
    public String aggregateId() {
        return consultationId.toString();
    }
}
