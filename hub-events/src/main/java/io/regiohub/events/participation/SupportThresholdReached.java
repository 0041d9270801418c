package io.regiohub.events.participation;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventType;
import io.regiohub.events.TopicCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A proposal reached its process's support threshold: published once per proposal, even if supports
 * are withdrawn and given again. There is no event per support; the count travels here and in
 * {@link ProposalAnswered}. {@code supportCount} is the count of the commit that reached the threshold:
 * above it when supports written together (a portal's batch, or single supports committed as a group)
 * crossed it.
 */
@EventType(value = SupportThresholdReached.TYPE, topic = TopicCatalogue.PARTICIPATION_EVENTS, subject = "proposal")
public record SupportThresholdReached(
        UUID proposalId,
        String municipality,
        UUID processId,
        String title,
        List<String> topics,
        int threshold,
        int supportCount,
        Instant reachedAt) implements DomainEvent {

    public static final String TYPE = "io.regiohub.participation.proposal.threshold-reached.v1";

    @Override
    public String aggregateId() {
        return proposalId.toString();
    }
}
