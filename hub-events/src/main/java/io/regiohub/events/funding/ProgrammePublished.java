package io.regiohub.events.funding;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The programme office published a funding programme (or a new version of it). Region-wide: it
 * belongs to no municipality, so it carries no {@code municipality} extension.
 */
@EventType(value = ProgrammePublished.TYPE, topic = TopicCatalogue.FUNDING_EVENTS, subject = "programme")
public record ProgrammePublished(
        String programmeId,
        String name,
        String funder,
        List<String> topics,
        List<String> eligibleKinds,
        Integer minPopulation,
        Integer maxPopulation,
        String classification,
        Instant opensAt,
        Instant deadline,
        BigDecimal budget,
        Instant publishedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.funding.programme.published.v1";

    @Override
    public String aggregateId() {
        return programmeId;
    }

    @Override
    public String municipality() {
        return null;
    }
}
