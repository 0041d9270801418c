package io.regiohub.participation.comment;

import java.time.Instant;
import java.util.UUID;

/** A comment as stored. */
public record Comment(UUID id, UUID proposalId, UUID parentId, int depth, String municipality, String citizen,
                      String body, Stance stance, Instant createdAt, int reportCount, boolean hidden) {
}
