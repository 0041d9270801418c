package io.regiohub.participation.proposal;

import java.time.Instant;

/**
 * One step in a proposal's history: the state it reached, when, and who reported it ({@code source}:
 * municipality, citizen, funding-service, mobility-service), with what it refers to (an application,
 * a programme, a hotspot) and, for funding steps, the programme's name. A step may leave the state as
 * it was, e.g. a refused funding application.
 */
public record ProposalStep(ProposalStatus status, Instant at, String source, String detail, String reference,
                           String programme) {

    /** A step reported without a programme. */
    public ProposalStep(ProposalStatus status, Instant at, String source, String detail, String reference) {
        this(status, at, source, detail, reference, null);
    }
}
