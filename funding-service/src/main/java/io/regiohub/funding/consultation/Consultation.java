package io.regiohub.funding.consultation;

import java.time.Instant;
import java.util.UUID;

/**
 * A municipality's request for advice on a project idea for a programme, optionally coming from a
 * participation proposal, with the advisor the programme office assigned and the outcome it recorded.
 */
public record Consultation(UUID id, String municipality, String programmeId, String projectIdea, UUID proposalId,
                           ConsultationStatus status, String advisor, String outcome, Instant requestedAt,
                           Instant firstScheduledAt, Instant firstHeldAt, Instant closedAt) {
}
