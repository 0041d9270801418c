package io.regiohub.participation.survey;

import io.regiohub.participation.process.PhaseType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A survey attached to a phase of a process: open while that phase runs. */
public record Survey(UUID id, UUID processId, String municipality, PhaseType phase, String title, String description,
                     List<Question> questions, Instant createdAt, Instant closedAt) {
}
