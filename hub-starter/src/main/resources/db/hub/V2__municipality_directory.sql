-- The service's local copy of the municipality directory (identity-service owns it), replicated
-- from the compacted topic directory.municipalities by the consumer directoryReplica. One row per
-- municipality key: the newest MunicipalityRecorded by recorded_at; a tombstone deletes the row.
-- Values are checked against the event's JSON Schema before they get here, so kind and
-- classification are not constrained again: a new value of the contract must not stop the replica.
CREATE TABLE municipality_directory (
    municipality_key TEXT        PRIMARY KEY,
    name             TEXT        NOT NULL,
    kind             TEXT        NOT NULL,
    district_key     TEXT,
    population       INT,
    classification   TEXT        NOT NULL,
    -- when identity-service recorded this version of the entry (the event's recordedAt)
    recorded_at      TIMESTAMPTZ NOT NULL,
    -- when this replica last changed the row
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX municipality_directory_district ON municipality_directory (district_key);
