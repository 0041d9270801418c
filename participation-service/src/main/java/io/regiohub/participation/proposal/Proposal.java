package io.regiohub.participation.proposal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A citizen's proposal to a municipality, as the API shows it. */
public record Proposal(
        UUID id,
        String municipality,
        UUID processId,
        String title,
        String description,
        List<String> topics,
        String citizen,
        ProposalStatus status,
        int supportCount,
        String answer,
        Instant answeredAt,
        Instant submittedAt,
        Instant editedAt) implements Placed {
}
