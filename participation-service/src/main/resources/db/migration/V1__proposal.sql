CREATE TABLE proposal (
    id              UUID PRIMARY KEY,
    municipality    VARCHAR(8)  NOT NULL CHECK (municipality ~ '^(0[1-9]|1[0-6])([0-9]{3}|[0-9]{6})$'),
    process_id      UUID,
    title           TEXT        NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
    description     TEXT,
    topics          TEXT[]      NOT NULL CHECK (cardinality(topics) BETWEEN 1 AND 10),
    citizen         TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    submitted_at    TIMESTAMPTZ NOT NULL,
    idempotency_key TEXT,
    UNIQUE (municipality, idempotency_key)
);
CREATE INDEX proposal_municipality_submitted ON proposal (municipality, submitted_at DESC);
