-- A frequency-based trip runs many times a service day: its trip instance is (trip, service day,
-- start time) as GTFS-Realtime's TripDescriptor names it. start_time counts seconds from "noon minus
-- 12h" of the service day (as stop times do); -1 for trips that run once a day (not frequency-based).
ALTER TABLE realtime_trip ADD COLUMN start_time INT NOT NULL DEFAULT -1;
ALTER TABLE realtime_trip DROP CONSTRAINT realtime_trip_pkey;
ALTER TABLE realtime_trip ADD PRIMARY KEY (feed_id, trip_id, service_date, start_time);

ALTER TABLE realtime_announcement ADD COLUMN start_time INT NOT NULL DEFAULT -1;
ALTER TABLE realtime_announcement DROP CONSTRAINT realtime_announcement_pkey;
ALTER TABLE realtime_announcement ADD PRIMARY KEY (feed_id, trip_id, service_date, start_time, kind);
