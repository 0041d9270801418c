package io.regiohub.funding.opportunity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A funding programme that matches a participation proposal of a municipality, as the radar ranks it.
 *
 * @param fit      the share of the proposal's topics the programme covers (0..1]
 * @param eligible whether the municipality may apply to the programme ({@code reasons} say why or why not)
 * @param open     whether the programme accepts applications now
 * @param deadline the end of the application window, if it has one
 */
public record FundingOpportunity(UUID proposalId, String proposalTitle, String programmeId, String programmeName,
                                 List<String> matchedTopics, double fit, boolean eligible, boolean open,
                                 Instant deadline, List<String> reasons, Instant recordedAt) {
}
