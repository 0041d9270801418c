package io.regiohub.funding.session;

import java.time.Instant;
import java.util.UUID;

/**
 * An advisory session of the programme office: one-to-one (one place) or a group session with a
 * capacity; {@code booked} places are taken, {@link #placesLeft()} are free. A cancelled session
 * ({@code cancelledAt}) has released its bookings and takes none.
 */
public record AdvisorySession(UUID id, String title, SessionFormat format, int capacity, int booked, Instant startsAt,
                              Instant endsAt, String advisor, String location, String programmeId, Instant createdAt,
                              Instant cancelledAt, String cancellationReason) {

    public enum SessionFormat { ONE_TO_ONE, GROUP }

    public int placesLeft() {
        return capacity - booked;
    }
}
