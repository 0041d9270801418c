-- Participation processes with dated phases; every proposal belongs to one. A municipality's
-- standing ideas box is a process of its own (ideas_box, one per municipality, one open-ended
-- PROPOSALS phase), so the foundation's proposals keep working unchanged.
CREATE TABLE process (
    id                UUID PRIMARY KEY,
    municipality      VARCHAR(8)  NOT NULL CHECK (municipality ~ '^(0[1-9]|1[0-6])([0-9]{3}|[0-9]{6})$'),
    title             TEXT        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description       TEXT,
    topics            TEXT[]      NOT NULL CHECK (cardinality(topics) BETWEEN 1 AND 10),
    audience          TEXT        NOT NULL CHECK (audience IN ('CITIZENS', 'STAFF')),
    support_threshold INTEGER     CHECK (support_threshold > 0),
    ideas_box         BOOLEAN     NOT NULL DEFAULT false,
    -- the phase last announced by a PhaseChanged event ('' = none), so that each change is announced once
    announced_phase   TEXT        NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL,
    idempotency_key   TEXT,
    UNIQUE (municipality, idempotency_key)
);
CREATE UNIQUE INDEX process_one_ideas_box ON process (municipality) WHERE ideas_box;
CREATE INDEX process_municipality ON process (municipality, created_at DESC);

CREATE TABLE process_phase (
    process_id UUID        NOT NULL REFERENCES process (id) ON DELETE CASCADE,
    type       TEXT        NOT NULL CHECK (type IN ('INFORMATION', 'PROPOSALS', 'DIALOGUE', 'EVALUATION', 'RESULTS')),
    starts_at  TIMESTAMPTZ NOT NULL,
    ends_at    TIMESTAMPTZ CHECK (ends_at > starts_at),
    PRIMARY KEY (process_id, type)
);

-- the foundation's proposals move into their municipality's ideas box
INSERT INTO process (id, municipality, title, topics, audience, support_threshold, ideas_box, announced_phase, created_at)
SELECT gen_random_uuid(), municipality, 'Ideenbox', ARRAY['participation'], 'CITIZENS', 50, true, 'PROPOSALS',
       min(submitted_at)
FROM proposal GROUP BY municipality;
INSERT INTO process_phase (process_id, type, starts_at)
SELECT id, 'PROPOSALS', created_at FROM process;
UPDATE proposal p SET process_id = b.id FROM process b WHERE b.ideas_box AND b.municipality = p.municipality;

ALTER TABLE proposal
    ALTER COLUMN process_id SET NOT NULL,
    ADD CONSTRAINT proposal_process_fk FOREIGN KEY (process_id) REFERENCES process (id),
    ADD CONSTRAINT proposal_status_check CHECK (status IN ('SUBMITTED', 'EVALUATING', 'ACCEPTED', 'REJECTED',
        'WITHDRAWN', 'FUNDED', 'IMPLEMENTING', 'IMPLEMENTED')),
    ADD COLUMN support_count        INTEGER     NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    ADD COLUMN answer               TEXT,
    ADD COLUMN answered_at          TIMESTAMPTZ,
    ADD COLUMN edited_at            TIMESTAMPTZ,
    ADD COLUMN threshold_reached_at TIMESTAMPTZ,
    -- German full-text search; the title weighs more than the description
    ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', coalesce(description, '')), 'B')
    ) STORED;

DROP INDEX proposal_municipality_submitted;
CREATE INDEX proposal_municipality_submitted ON proposal (municipality, submitted_at DESC, id DESC);
-- keyset pagination of a process's proposals: by supports and by newest
CREATE INDEX proposal_process_supports ON proposal (process_id, support_count DESC, id DESC);
CREATE INDEX proposal_process_newest ON proposal (process_id, submitted_at DESC, id DESC);
CREATE INDEX proposal_search ON proposal USING gin (search);

-- one support per citizen and proposal: the primary key decides, however concurrently it is sent
CREATE TABLE support (
    proposal_id  UUID        NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
    citizen      TEXT        NOT NULL,
    supported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (proposal_id, citizen)
);
CREATE INDEX support_citizen ON support (citizen);

-- every state a proposal went through, with its date and source: the answer, the author's withdrawal,
-- and the accountability steps reported by funding-service and mobility-service
CREATE TABLE proposal_step (
    id          BIGSERIAL PRIMARY KEY,
    proposal_id UUID        NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
    status      TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    source      TEXT        NOT NULL CHECK (source IN ('municipality', 'citizen', 'funding-service', 'mobility-service')),
    actor       TEXT,
    detail      TEXT,
    reference   TEXT
);
CREATE INDEX proposal_step_proposal ON proposal_step (proposal_id, id);
