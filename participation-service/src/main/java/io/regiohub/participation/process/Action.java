package io.regiohub.participation.process;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** What citizens do in a process, and the phases that allow it. */
public enum Action {
    SUBMIT("submitting a proposal", EnumSet.of(PhaseType.PROPOSALS)),
    EDIT("editing a proposal", EnumSet.of(PhaseType.PROPOSALS)),
    SUPPORT("supporting a proposal", EnumSet.of(PhaseType.PROPOSALS, PhaseType.DIALOGUE)),
    COMMENT("commenting", EnumSet.of(PhaseType.PROPOSALS, PhaseType.DIALOGUE, PhaseType.EVALUATION));

    private final String description;
    private final Set<PhaseType> phases;

    Action(String description, Set<PhaseType> phases) {
        this.description = description;
        this.phases = phases;
    }

    public String description() {
        return description;
    }

    public boolean allowedIn(PhaseType phase) {
        return phase != null && phases.contains(phase);
    }

    /** The phases that allow it, e.g. {@code PROPOSALS or DIALOGUE}. */
    public String allowingPhases() {
        return phases.stream().map(Enum::name).collect(Collectors.joining(" or "));
    }
}
