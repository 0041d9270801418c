package io.regiohub.participation.process;

import java.time.Instant;

/** A dated phase of a process; {@code endsAt} is null only for the standing ideas box. */
public record Phase(PhaseType type, Instant startsAt, Instant endsAt) {

    public boolean contains(Instant t) {
        return !t.isBefore(startsAt) && (endsAt == null || t.isBefore(endsAt));
    }
}
