package io.regiohub.participation.process;

/** The phases of a participation process, in the order they run. */
public enum PhaseType {
    INFORMATION,
    PROPOSALS,
    DIALOGUE,
    EVALUATION,
    RESULTS
}
