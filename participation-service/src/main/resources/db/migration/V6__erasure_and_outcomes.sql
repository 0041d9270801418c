-- Erasure requests: that one happened, when and what it anonymised; never the pseudonym itself.
CREATE TABLE erasure (
    id               UUID PRIMARY KEY,
    municipality     VARCHAR(8)  NOT NULL,
    requested_by     TEXT        NOT NULL,
    erased_at        TIMESTAMPTZ NOT NULL,
    proposals        INTEGER     NOT NULL,
    comments         INTEGER     NOT NULL,
    supports         INTEGER     NOT NULL,
    reports          INTEGER     NOT NULL,
    survey_responses INTEGER     NOT NULL
);

-- the programme that funded a proposal, as funding-service named it, for the insights across municipalities
ALTER TABLE proposal_step ADD COLUMN programme TEXT;
CREATE INDEX proposal_step_outcome ON proposal_step (proposal_id, status);
CREATE INDEX proposal_outcome ON proposal (status, municipality)
    WHERE status IN ('ACCEPTED', 'FUNDED', 'IMPLEMENTING', 'IMPLEMENTED');
