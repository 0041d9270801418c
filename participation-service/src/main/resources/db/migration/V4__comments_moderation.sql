-- Comments on proposals, nested up to three levels, each with a stance.
CREATE TABLE comment (
    id           UUID PRIMARY KEY,
    proposal_id  UUID        NOT NULL REFERENCES proposal (id) ON DELETE CASCADE,
    parent_id    UUID        REFERENCES comment (id) ON DELETE CASCADE,
    depth        SMALLINT    NOT NULL CHECK (depth BETWEEN 1 AND 3),
    municipality VARCHAR(8)  NOT NULL,
    citizen      TEXT        NOT NULL,
    body         TEXT        NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    stance       TEXT        NOT NULL CHECK (stance IN ('FOR', 'NEUTRAL', 'AGAINST')),
    created_at   TIMESTAMPTZ NOT NULL,
    report_count INTEGER     NOT NULL DEFAULT 0 CHECK (report_count >= 0),
    hidden       BOOLEAN     NOT NULL DEFAULT false,
    CHECK ((parent_id IS NULL) = (depth = 1))
);
CREATE INDEX comment_proposal ON comment (proposal_id, created_at, id);
CREATE INDEX comment_citizen ON comment (municipality, citizen);

-- one report per citizen and comment
CREATE TABLE comment_report (
    comment_id  UUID        NOT NULL REFERENCES comment (id) ON DELETE CASCADE,
    citizen     TEXT        NOT NULL,
    reason      TEXT,
    reported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (comment_id, citizen)
);
CREATE INDEX comment_report_citizen ON comment_report (citizen);

-- every hiding and restoring, by the reports' count or by a moderator, with the reason kept
CREATE TABLE moderation (
    id         BIGSERIAL PRIMARY KEY,
    comment_id UUID        NOT NULL REFERENCES comment (id) ON DELETE CASCADE,
    action     TEXT        NOT NULL CHECK (action IN ('HIDDEN', 'RESTORED')),
    reason     TEXT        NOT NULL,
    actor      TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX moderation_comment ON moderation (comment_id, id);
