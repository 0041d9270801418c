-- Feeds of a municipality: a GTFS schedule and GTFS-Realtime sources, uploaded or polled.
CREATE TABLE feed (
    id                UUID PRIMARY KEY,
    municipality      TEXT        NOT NULL,
    name              TEXT        NOT NULL,
    poll_interval_s   INT         NOT NULL CHECK (poll_interval_s BETWEEN 5 AND 86400),
    -- the schedule version serving the feed's boards; switched in one statement when an import succeeds
    active_version    BIGINT,
    timezone          TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (municipality, name)
);
CREATE INDEX feed_municipality ON feed (municipality);

-- What the service polls, with the validators of the last answer (ETag, Last-Modified) and its back-off.
CREATE TABLE feed_source (
    feed_id          UUID        NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    kind             TEXT        NOT NULL CHECK (kind IN ('SCHEDULE', 'TRIP_UPDATES', 'VEHICLE_POSITIONS', 'ALERTS')),
    url              TEXT        NOT NULL,
    etag             TEXT,
    last_modified    TEXT,
    next_fetch_at    TIMESTAMPTZ NOT NULL,
    last_fetched_at  TIMESTAMPTZ,
    last_changed_at  TIMESTAMPTZ,
    failures         INT         NOT NULL DEFAULT 0,
    last_error       TEXT,
    PRIMARY KEY (feed_id, kind)
);
CREATE INDEX feed_source_due ON feed_source (next_fetch_at);

CREATE SEQUENCE schedule_version;

CREATE TABLE schedule_import (
    id            UUID PRIMARY KEY,
    feed_id       UUID        NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    municipality  TEXT        NOT NULL,
    version       BIGINT      NOT NULL UNIQUE,
    status        TEXT        NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    progress      REAL        NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    source        TEXT        NOT NULL,
    size_bytes    BIGINT      NOT NULL,
    counts        JSONB       NOT NULL DEFAULT '{}',
    errors        JSONB       NOT NULL DEFAULT '[]',
    warnings      JSONB       NOT NULL DEFAULT '[]',
    started_at    TIMESTAMPTZ NOT NULL,
    heartbeat_at  TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    -- when the version's tables were dropped (replaced by a newer schedule, or the import failed)
    retired_at    TIMESTAMPTZ
);
CREATE INDEX schedule_import_feed ON schedule_import (feed_id, started_at DESC);
CREATE INDEX schedule_import_running ON schedule_import (heartbeat_at) WHERE status = 'RUNNING';

-- The schedule itself, one partition per imported version (see ScheduleTables): an import loads
-- tables of its own with COPY, indexes them, and attaches them in the transaction that activates it;
-- the version it replaced is dropped, not deleted row by row.
CREATE TABLE gtfs_agency (
    version   BIGINT NOT NULL,
    agency_id TEXT   NOT NULL,
    name      TEXT   NOT NULL,
    url       TEXT,
    timezone  TEXT   NOT NULL,
    lang      TEXT
) PARTITION BY LIST (version);

CREATE TABLE gtfs_stop (
    version        BIGINT NOT NULL,
    stop_id        TEXT   NOT NULL,
    code           TEXT,
    name           TEXT,
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    location_type  SMALLINT NOT NULL DEFAULT 0,
    parent_station TEXT,
    platform_code  TEXT
) PARTITION BY LIST (version);

CREATE TABLE gtfs_route (
    version     BIGINT NOT NULL,
    route_id    TEXT   NOT NULL,
    agency_id   TEXT,
    short_name  TEXT,
    long_name   TEXT,
    route_type  INT    NOT NULL,
    color       TEXT
) PARTITION BY LIST (version);

-- first/last stop and times are computed from stop_times during the import: boards leave out a trip's
-- last stop, realtime matching needs the first departure, frequency-based trips their offsets
CREATE TABLE gtfs_trip (
    version       BIGINT NOT NULL,
    trip_id       TEXT   NOT NULL,
    route_id      TEXT   NOT NULL,
    service_id    TEXT   NOT NULL,
    headsign      TEXT,
    short_name    TEXT,
    direction_id  SMALLINT,
    first_seq     INT    NOT NULL,
    last_seq      INT    NOT NULL,
    first_departure INT  NOT NULL,
    last_arrival  INT    NOT NULL,
    frequency_based BOOLEAN NOT NULL
) PARTITION BY LIST (version);

-- times in seconds since "noon minus 12h" of the service day (they run past 24:00:00)
CREATE TABLE gtfs_stop_time (
    version       BIGINT NOT NULL,
    trip_id       TEXT   NOT NULL,
    stop_sequence INT    NOT NULL,
    stop_id       TEXT   NOT NULL,
    arrival       INT    NOT NULL,
    departure     INT    NOT NULL,
    headsign      TEXT,
    pickup_type   SMALLINT NOT NULL DEFAULT 0
) PARTITION BY LIST (version);

CREATE TABLE gtfs_calendar (
    version     BIGINT NOT NULL,
    service_id  TEXT   NOT NULL,
    -- Monday = bit 0 ... Sunday = bit 6
    weekdays    SMALLINT NOT NULL,
    start_date  DATE   NOT NULL,
    end_date    DATE   NOT NULL
) PARTITION BY LIST (version);

CREATE TABLE gtfs_calendar_date (
    version        BIGINT NOT NULL,
    service_id     TEXT   NOT NULL,
    date           DATE   NOT NULL,
    exception_type SMALLINT NOT NULL
) PARTITION BY LIST (version);

CREATE TABLE gtfs_frequency (
    version      BIGINT NOT NULL,
    trip_id      TEXT   NOT NULL,
    start_time   INT    NOT NULL,
    end_time     INT    NOT NULL,
    headway_secs INT    NOT NULL,
    exact_times  BOOLEAN NOT NULL
) PARTITION BY LIST (version);

-- Realtime: the current state of each trip instance (trip and service day) a TripUpdate describes.
-- Predictions are propagated along the trip when a board is read (GTFS-Realtime rules).
CREATE TABLE realtime_trip (
    feed_id        UUID        NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    trip_id        TEXT        NOT NULL,
    service_date   DATE        NOT NULL,
    route_id       TEXT,
    relationship   TEXT        NOT NULL,
    -- added trips (not in the schedule) carry their own stop ids and absolute times
    seqs           INT[]       NOT NULL,
    stop_ids       TEXT[]      NOT NULL,
    arrival_delay  INT[]       NOT NULL,
    departure_delay INT[]      NOT NULL,
    arrival_time   BIGINT[]    NOT NULL,
    departure_time BIGINT[]    NOT NULL,
    stop_relationships TEXT[]  NOT NULL,
    headsign       TEXT,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (feed_id, trip_id, service_date)
);
CREATE INDEX realtime_trip_added ON realtime_trip (feed_id) WHERE relationship = 'ADDED';

-- Events announced once per trip instance (cancelled, significantly delayed)
CREATE TABLE realtime_announcement (
    feed_id      UUID NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    trip_id      TEXT NOT NULL,
    service_date DATE NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('CANCELLED', 'DELAYED')),
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (feed_id, trip_id, service_date, kind)
);

CREATE TABLE realtime_alert (
    feed_id       UUID        NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    alert_id      TEXT        NOT NULL,
    cause         TEXT        NOT NULL,
    effect        TEXT        NOT NULL,
    header        TEXT,
    description   TEXT,
    url           TEXT,
    entities      JSONB       NOT NULL,
    periods       JSONB       NOT NULL,
    -- the alert's last period end, for clearing expired alerts
    ends_at       TIMESTAMPTZ,
    route_ids     TEXT[]      NOT NULL,
    stop_ids      TEXT[]      NOT NULL,
    trip_ids      TEXT[]      NOT NULL,
    agency_ids    TEXT[]      NOT NULL,
    raised_at     TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (feed_id, alert_id)
);

CREATE TABLE realtime_vehicle (
    feed_id       UUID        NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    vehicle_key   TEXT        NOT NULL,
    trip_id       TEXT,
    route_id      TEXT,
    label         TEXT,
    lat           DOUBLE PRECISION NOT NULL,
    lon           DOUBLE PRECISION NOT NULL,
    bearing       REAL,
    speed         REAL,
    stop_id       TEXT,
    status        TEXT,
    observed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (feed_id, vehicle_key)
);

-- The state of each realtime source of a feed: when it last applied a message, and the message's time
CREATE TABLE realtime_source (
    feed_id        UUID        NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    kind           TEXT        NOT NULL,
    feed_timestamp TIMESTAMPTZ,
    applied_at     TIMESTAMPTZ NOT NULL,
    entities       INT         NOT NULL,
    PRIMARY KEY (feed_id, kind)
);

-- Wi-Fi hotspots of a municipality, at a stop or at coordinates
CREATE TABLE hotspot (
    id            UUID PRIMARY KEY,
    municipality  TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    ssid          TEXT        NOT NULL,
    operator      TEXT,
    status        TEXT        NOT NULL CHECK (status IN ('PLANNED', 'ACTIVE', 'DOWN')),
    lat           DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon           DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),
    feed_id       UUID REFERENCES feed (id) ON DELETE SET NULL,
    stop_id       TEXT,
    proposal_id   UUID,
    access_points INT CHECK (access_points >= 0),
    kind          TEXT,
    source        TEXT        NOT NULL,
    -- an imported list's own key of the location, so that importing it again updates instead of duplicating
    source_key    TEXT,
    status_reason TEXT,
    status_changed_at TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (municipality, source, source_key)
);
CREATE INDEX hotspot_position ON hotspot (lat, lon);
CREATE INDEX hotspot_stop ON hotspot (feed_id, stop_id) WHERE stop_id IS NOT NULL;
CREATE INDEX hotspot_municipality ON hotspot (municipality);

-- one import at a time per feed: a second upload while one runs is refused (409) instead of racing it
CREATE UNIQUE INDEX schedule_import_one_running ON schedule_import (feed_id) WHERE status = 'RUNNING';
