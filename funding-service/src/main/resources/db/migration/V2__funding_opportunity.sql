-- The funding radar: programmes matching a municipality's participation proposals.
CREATE TABLE funding_opportunity (
    municipality   VARCHAR(8)  NOT NULL,
    proposal_id    UUID        NOT NULL,
    proposal_title TEXT        NOT NULL,
    programme_id   TEXT        NOT NULL REFERENCES funding_programme (id),
    matched_topics TEXT[]      NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (proposal_id, programme_id)
);
CREATE INDEX funding_opportunity_municipality ON funding_opportunity (municipality, recorded_at DESC);
