package io.regiohub.events.funding;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The programme office decided a funding application; carries the participation proposal it funds,
 * if any, so that participation-service can show the proposal as funded.
 */
@EventType(value = ApplicationDecided.TYPE, topic = TopicCatalogue.FUNDING_EVENTS, subject = "application")
public record ApplicationDecided(
        UUID applicationId,
        String municipality,
        String programmeId,
        String programmeName,
        boolean approved,
        BigDecimal amountGranted,
        String reason,
        UUID proposalId,
        Instant decidedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.funding.application.decided.v1";

    @Override
    public String aggregateId() {
        return applicationId.toString();
    }
}
