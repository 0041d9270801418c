-- Consultation requests of municipalities and the programme office's advisory sessions.
CREATE TABLE consultation (
    id              UUID PRIMARY KEY,
    municipality    VARCHAR(8)  NOT NULL,
    programme_id    TEXT        NOT NULL REFERENCES funding_programme (id),
    project_idea    TEXT        NOT NULL,
    proposal_id     UUID,
    status          TEXT        NOT NULL CHECK (status IN ('REQUESTED', 'SCHEDULED', 'HELD', 'FOLLOW_UP', 'CLOSED')),
    advisor         TEXT,
    outcome         TEXT,
    requested_at    TIMESTAMPTZ NOT NULL,
    first_scheduled_at TIMESTAMPTZ,
    first_held_at   TIMESTAMPTZ,
    closed_at       TIMESTAMPTZ,
    idempotency_key TEXT,
    UNIQUE (municipality, idempotency_key)
);
CREATE INDEX consultation_municipality ON consultation (municipality, requested_at DESC);
CREATE INDEX consultation_programme ON consultation (programme_id, status);

CREATE TABLE advisory_session (
    id           UUID PRIMARY KEY,
    title        TEXT        NOT NULL,
    format       TEXT        NOT NULL CHECK (format IN ('ONE_TO_ONE', 'GROUP')),
    capacity     INTEGER     NOT NULL CHECK (capacity >= 1),
    -- places taken; the CHECK is the last line: never more bookings than places
    booked       INTEGER     NOT NULL DEFAULT 0,
    starts_at    TIMESTAMPTZ NOT NULL,
    ends_at      TIMESTAMPTZ NOT NULL,
    advisor      TEXT        NOT NULL,
    location     TEXT        NOT NULL,
    programme_id TEXT REFERENCES funding_programme (id),
    created_at   TIMESTAMPTZ NOT NULL,
    CHECK (booked >= 0 AND booked <= capacity),
    CHECK (starts_at < ends_at),
    CHECK (format = 'GROUP' OR capacity = 1)
);
CREATE INDEX advisory_session_starts ON advisory_session (starts_at);

CREATE TABLE session_booking (
    id              UUID PRIMARY KEY,
    session_id      UUID        NOT NULL REFERENCES advisory_session (id),
    consultation_id UUID        NOT NULL REFERENCES consultation (id),
    municipality    VARCHAR(8)  NOT NULL,
    starts_at       TIMESTAMPTZ NOT NULL,
    ends_at         TIMESTAMPTZ NOT NULL,
    booked_at       TIMESTAMPTZ NOT NULL,
    booked_by       TEXT        NOT NULL,
    cancelled_at    TIMESTAMPTZ,
    cancelled_by    TEXT
);
-- one live booking of a consultation per session (a retried booking finds it again)
CREATE UNIQUE INDEX session_booking_once ON session_booking (session_id, consultation_id) WHERE cancelled_at IS NULL;
CREATE INDEX session_booking_consultation ON session_booking (consultation_id) WHERE cancelled_at IS NULL;

-- Every state change of a consultation (and, later, an application): who, when, from, to.
CREATE TABLE funding_transition (
    id           BIGSERIAL PRIMARY KEY,
    aggregate    TEXT        NOT NULL CHECK (aggregate IN ('consultation', 'application')),
    aggregate_id UUID        NOT NULL,
    from_status  TEXT,
    to_status    TEXT        NOT NULL,
    actor        TEXT        NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    detail       TEXT
);
CREATE INDEX funding_transition_aggregate ON funding_transition (aggregate_id, id);
