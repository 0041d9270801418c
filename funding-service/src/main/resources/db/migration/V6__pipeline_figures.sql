-- The programme office's pipeline, kept current in the transaction of every change it counts, so
-- that reading it costs a few small lookups however many consultations and applications there are.

-- how many consultations / applications of a programme are in each state now
CREATE TABLE pipeline_stage (
    programme_id TEXT   NOT NULL,
    aggregate    TEXT   NOT NULL CHECK (aggregate IN ('consultation', 'application')),
    status       TEXT   NOT NULL,
    count        BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (programme_id, aggregate, status)
);

-- consultations requested and first held, per calendar month (UTC)
CREATE TABLE pipeline_month (
    month     DATE   PRIMARY KEY,
    requested BIGINT NOT NULL DEFAULT 0,
    held      BIGINT NOT NULL DEFAULT 0
);

-- how many consultations were first held this many whole days after they were requested
CREATE TABLE pipeline_days_to_consultation (
    days  INTEGER PRIMARY KEY CHECK (days >= 0),
    count BIGINT  NOT NULL
);

-- per municipality: advised at least once, applied at least once (submitted), approved at least once
CREATE TABLE pipeline_municipality (
    municipality VARCHAR(8) PRIMARY KEY,
    consulted    BOOLEAN NOT NULL DEFAULT false,
    applied      BOOLEAN NOT NULL DEFAULT false,
    approved     BOOLEAN NOT NULL DEFAULT false
);

-- what is there already
INSERT INTO pipeline_stage (programme_id, aggregate, status, count)
SELECT programme_id, 'consultation', status, count(*) FROM consultation GROUP BY programme_id, status
UNION ALL
SELECT programme_id, 'application', status, count(*) FROM application GROUP BY programme_id, status;

INSERT INTO pipeline_month (month, requested, held)
SELECT month, sum(requested), sum(held) FROM (
    SELECT date_trunc('month', requested_at AT TIME ZONE 'UTC')::date AS month, 1 AS requested, 0 AS held FROM consultation
    UNION ALL
    SELECT date_trunc('month', first_held_at AT TIME ZONE 'UTC')::date, 0, 1 FROM consultation WHERE first_held_at IS NOT NULL
) m GROUP BY month;

INSERT INTO pipeline_days_to_consultation (days, count)
SELECT floor(extract(epoch FROM first_held_at - requested_at) / 86400)::int, count(*)
FROM consultation WHERE first_held_at IS NOT NULL GROUP BY 1;

INSERT INTO pipeline_municipality (municipality, consulted, applied, approved)
SELECT municipality, bool_or(consulted), bool_or(applied), bool_or(approved) FROM (
    SELECT municipality, first_held_at IS NOT NULL AS consulted, false AS applied, false AS approved FROM consultation
    UNION ALL
    SELECT municipality, false, status <> 'DRAFT', status IN ('APPROVED', 'FUNDS_DISBURSED', 'COMPLETED') FROM application
) p GROUP BY municipality;
