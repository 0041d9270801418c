package io.regiohub.funding.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A municipality's funding application to a programme, with the programme office's decision. */
public record Application(UUID id, String municipality, String programmeId, String title, BigDecimal amountRequested,
                          BigDecimal amountGranted, UUID consultationId, UUID proposalId, ApplicationStatus status,
                          String decisionReason, Instant createdAt, Instant submittedAt, Instant decidedAt,
                          Instant disbursedAt, Instant completedAt) {
}
