package io.regiohub.funding.consultation;

import java.util.EnumSet;
import java.util.Set;

/**
 * A consultation's life: requested by the municipality, scheduled into an advisory session, held
 * (or held with a follow-up needed, which is scheduled again), closed. A cancelled booking returns a
 * scheduled consultation to {@code REQUESTED}; a request no one will advise on may be closed.
 */
public enum ConsultationStatus {
    REQUESTED, SCHEDULED, HELD, FOLLOW_UP, CLOSED;

    public Set<ConsultationStatus> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(SCHEDULED, CLOSED);
            case SCHEDULED -> EnumSet.of(REQUESTED, HELD, FOLLOW_UP, CLOSED);
            case HELD -> EnumSet.of(CLOSED);
            case FOLLOW_UP -> EnumSet.of(SCHEDULED, CLOSED);
            case CLOSED -> EnumSet.noneOf(ConsultationStatus.class);
        };
    }

    public boolean canMoveTo(ConsultationStatus target) {
        return next().contains(target);
    }

    /** A booking may be made for a consultation in these states. */
    public boolean bookable() {
        return this == REQUESTED || this == FOLLOW_UP || this == SCHEDULED;
    }
}
