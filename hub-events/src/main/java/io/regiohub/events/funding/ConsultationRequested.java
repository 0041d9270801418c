package io.regiohub.events.funding;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/** A municipality asked the programme office for advice on a project idea for a programme. */
@EventType(value = ConsultationRequested.TYPE, topic = TopicCatalogue.FUNDING_EVENTS, subject = "consultation")
public record ConsultationRequested(
        UUID consultationId,
        String municipality,
        String programmeId,
        String projectIdea,
        UUID proposalId,
        Instant requestedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.funding.consultation.requested.v1";

    @Override
    public String aggregateId() {
        return consultationId.toString();
    }
}
