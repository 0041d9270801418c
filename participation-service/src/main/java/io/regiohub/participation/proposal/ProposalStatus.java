package io.regiohub.participation.proposal;

/** Where a proposal stands. The foundation knows only the first state; evaluation comes later. */
public enum ProposalStatus {
    SUBMITTED
}
