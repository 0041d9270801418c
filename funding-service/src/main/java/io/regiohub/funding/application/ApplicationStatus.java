package io.regiohub.funding.application;

import java.util.EnumSet;
import java.util.Set;

/**
 * An application's life: drafted by the municipality, submitted within the programme's window, taken
 * into review and decided by the programme office, then paid out and completed.
 */
public enum ApplicationStatus {
    DRAFT, SUBMITTED, IN_REVIEW, APPROVED, REJECTED, FUNDS_DISBURSED, COMPLETED;

    public Set<ApplicationStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(SUBMITTED);
            case SUBMITTED -> EnumSet.of(IN_REVIEW, APPROVED, REJECTED);
            case IN_REVIEW -> EnumSet.of(APPROVED, REJECTED);
            case APPROVED -> EnumSet.of(FUNDS_DISBURSED);
            case FUNDS_DISBURSED -> EnumSet.of(COMPLETED);
            case REJECTED, COMPLETED -> EnumSet.noneOf(ApplicationStatus.class);
        };
    }

    public boolean canMoveTo(ApplicationStatus target) {
        return next().contains(target);
    }
}
