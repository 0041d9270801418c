package io.regiohub.participation.proposal;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a proposal stands. The municipality answers it ({@code EVALUATING}, {@code ACCEPTED},
 * {@code REJECTED}); its author may withdraw it while it is open; the accountability states
 * ({@code FUNDED}, {@code IMPLEMENTING}, {@code IMPLEMENTED}) follow an acceptance, moved on by
 * funding-service's and mobility-service's events or reported by the municipality itself.
 */
public enum ProposalStatus {
    SUBMITTED,
    EVALUATING,
    ACCEPTED,
    REJECTED,
    WITHDRAWN,
    FUNDED,
    IMPLEMENTING,
    IMPLEMENTED;

    /** Open for supports, edits and withdrawal. */
    public boolean open() {
        return this == SUBMITTED || this == EVALUATING;
    }

    /** The states the municipality's answer may move a proposal in this state to (itself: a corrected answer). */
    public Set<ProposalStatus> answers() {
        return switch (this) {
            case SUBMITTED -> EnumSet.of(EVALUATING, ACCEPTED, REJECTED);
            case EVALUATING -> EnumSet.of(EVALUATING, ACCEPTED, REJECTED);
            case ACCEPTED -> EnumSet.of(ACCEPTED, FUNDED, IMPLEMENTING, IMPLEMENTED);
            case FUNDED -> EnumSet.of(FUNDED, IMPLEMENTING, IMPLEMENTED);
            case IMPLEMENTING -> EnumSet.of(IMPLEMENTING, IMPLEMENTED);
            case IMPLEMENTED -> EnumSet.of(IMPLEMENTED);
            case REJECTED -> EnumSet.of(REJECTED);
            case WITHDRAWN -> EnumSet.noneOf(ProposalStatus.class);
        };
    }

    /** How far along the accountability chain: an outcome never moves a proposal back. */
    public int progress() {
        return switch (this) {
            case SUBMITTED, EVALUATING, REJECTED, WITHDRAWN -> 0;
            case ACCEPTED -> 1;
            case FUNDED -> 2;
            case IMPLEMENTING -> 3;
            case IMPLEMENTED -> 4;
        };
    }
}
