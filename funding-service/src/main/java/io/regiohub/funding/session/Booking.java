package io.regiohub.funding.session;

import java.time.Instant;
import java.util.UUID;

/** A consultation's place in an advisory session; {@code cancelledAt} set when the place was given back. */
public record Booking(UUID id, UUID sessionId, UUID consultationId, String municipality, Instant startsAt,
                      Instant endsAt, Instant bookedAt, String bookedBy, Instant cancelledAt, String cancelledBy) {
}
