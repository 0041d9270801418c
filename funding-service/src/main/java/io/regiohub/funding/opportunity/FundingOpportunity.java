package io.regiohub.funding.opportunity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A funding programme that matches a participation proposal of a municipality. */
public record FundingOpportunity(UUID proposalId, String proposalTitle, String programmeId, String programmeName,
                                 List<String> matchedTopics, Instant recordedAt) {
}
