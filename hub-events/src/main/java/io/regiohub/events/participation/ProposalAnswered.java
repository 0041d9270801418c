package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A proposal's state changed: the municipality answered it (evaluating, accepted, rejected, with a
 * public answer), its author withdrew it, or an outcome reported by another domain moved it on
 * (funded, implementing, implemented). {@code source} says who: {@code municipality},
 * {@code citizen}, {@code funding-service} or {@code mobility-service}.
 */
@EventType(value = ProposalAnswered.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "proposal")
public record ProposalAnswered(
        UUID proposalId,
        String municipality,
        UUID processId,
        String title,
        List<String> topics,
        String previousStatus,
        String status,
        String answer,
        int supportCount,
        String source,
        Instant answeredAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.proposal.answered.v1";

    @Override
    public String aggregateId() {
        return proposalId.toString();
    }
}
