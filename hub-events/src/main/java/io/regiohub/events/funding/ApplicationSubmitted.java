package io.regiohub.events.funding;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A municipality submitted a funding application to a programme. */
@EventType(value = ApplicationSubmitted.TYPE, topic = TopicCatalogue.FUNDING_EVENTS, subject = "application")
public record ApplicationSubmitted(
        UUID applicationId,
        String municipality,
        String programmeId,
        String title,
        BigDecimal amountRequested,
        UUID consultationId,
        UUID proposalId,
        Instant submittedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.funding.application.submitted.v1";

    @Override
    public String aggregateId() {
        return applicationId.toString();
    }
}
