package io.regiohub.events.funding;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The granted funds of an application were paid out; carries the participation proposal, if any. */
@EventType(value = FundsDisbursed.TYPE, topic = TopicCatalogue.FUNDING_EVENTS, subject = "application")
public record FundsDisbursed(
        UUID applicationId,
        String municipality,
        String programmeId,
        BigDecimal amount,
        UUID proposalId,
        Instant disbursedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.funding.funds.disbursed.v1";

    @Override
    public String aggregateId() {
        return applicationId.toString();
    }
}
