-- Funding applications of municipalities, decided by the programme office.
CREATE TABLE application (
    id               UUID PRIMARY KEY,
    municipality     VARCHAR(8)     NOT NULL,
    programme_id     TEXT           NOT NULL REFERENCES funding_programme (id),
    title            TEXT           NOT NULL,
    amount_requested NUMERIC(15, 2) NOT NULL CHECK (amount_requested > 0),
    amount_granted   NUMERIC(15, 2) CHECK (amount_granted >= 0 AND amount_granted <= amount_requested),
    consultation_id  UUID REFERENCES consultation (id),
    proposal_id      UUID,
    status           TEXT           NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'REJECTED',
                                                               'FUNDS_DISBURSED', 'COMPLETED')),
    decision_reason  TEXT,
    created_at       TIMESTAMPTZ    NOT NULL,
    submitted_at     TIMESTAMPTZ,
    decided_at       TIMESTAMPTZ,
    disbursed_at     TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,
    idempotency_key  TEXT,
    UNIQUE (municipality, idempotency_key),
    CHECK ((status IN ('APPROVED', 'FUNDS_DISBURSED', 'COMPLETED')) = (amount_granted IS NOT NULL))
);
CREATE INDEX application_municipality ON application (municipality, created_at DESC);
CREATE INDEX application_programme ON application (programme_id, status);
CREATE INDEX application_consultation ON application (consultation_id) WHERE consultation_id IS NOT NULL;
