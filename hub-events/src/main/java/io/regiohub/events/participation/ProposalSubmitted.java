package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A citizen submitted a proposal to a municipality. Carries no citizen identifier: the funding and
 * mobility domains have no business with who proposed it.
 */
@EventType(value = ProposalSubmitted.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "proposal")
public record ProposalSubmitted(
        UUID proposalId,
        String municipality,
        UUID processId,
        String title,
        String description,
        List<String> topics,
        Instant submittedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.proposal.submitted.v1";

    @Override
    public String aggregateId() {
        return proposalId.toString();
    }
}
