-- Tables of the hub runtime (hub-starter), in their own schema and with their own Flyway history,
-- so that they evolve independently of each service's own tables.

-- Transactional outbox: written in the same transaction as the state change, relayed to Kafka
-- afterwards in `seq` order, deleted once the broker acknowledged them.
CREATE TABLE outbox (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    event_key    TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    municipality TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL,
    payload      BYTEA       NOT NULL,
    attempts     INT         NOT NULL DEFAULT 0,
    last_error   TEXT
);

-- Inbox: one row per (consumer, event) applied, written in the same transaction as the effect,
-- so that a redelivered event changes nothing.
CREATE TABLE inbox (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_received_at ON inbox (received_at);
