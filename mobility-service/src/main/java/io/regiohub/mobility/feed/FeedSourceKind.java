package io.regiohub.mobility.feed;

/** What a feed's URL serves: the GTFS zip, or one of the three GTFS-Realtime feeds. */
public enum FeedSourceKind {
    SCHEDULE, TRIP_UPDATES, VEHICLE_POSITIONS, ALERTS
}
