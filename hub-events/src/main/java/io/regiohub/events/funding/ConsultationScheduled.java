package io.regiohub.events.funding;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.UUID;

/** A consultation got a place in an advisory session. */
@EventType(value = ConsultationScheduled.TYPE, topic = TopicCatalogue.FUNDING_EVENTS, subject = "consultation")
public record ConsultationScheduled(
        UUID consultationId,
        String municipality,
        UUID sessionId,
        UUID bookingId,
        Instant startsAt,
        Instant endsAt,
        Instant scheduledAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.funding.consultation.scheduled.v1";

    @Override
    public String aggregateId() {
        return consultationId.toString();
    }
}
