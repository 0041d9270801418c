package io.regiohub.mobility.feed;

import io.regiohub.starter.web.SingleLine;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.EnumMap;
import java.util.Map;

/**
 * A feed to register: a name, and optionally the URLs the hub polls (a GTFS zip, GTFS-Realtime
 * TripUpdates, VehiclePositions and Alerts) every {@code pollIntervalSeconds} (default 30).
 */
public record RegisterFeed(
        @NotBlank @Size(max = 200) @SingleLine String name,
        @Size(max = 2000) String scheduleUrl,
        @Size(max = 2000) String tripUpdatesUrl,
        @Size(max = 2000) String vehiclePositionsUrl,
        @Size(max = 2000) String alertsUrl,
        @Min(5) @Max(86400) Integer pollIntervalSeconds) {

    public Map<FeedSourceKind, String> sources() {
        Map<FeedSourceKind, String> sources = new EnumMap<>(FeedSourceKind.class);
        put(sources, FeedSourceKind.SCHEDULE, scheduleUrl);
        put(sources, FeedSourceKind.TRIP_UPDATES, tripUpdatesUrl);
        put(sources, FeedSourceKind.VEHICLE_POSITIONS, vehiclePositionsUrl);
        put(sources, FeedSourceKind.ALERTS, alertsUrl);
        return sources;
    }

    static String field(FeedSourceKind kind) {
        return switch (kind) {
            case SCHEDULE -> "scheduleUrl";
            case TRIP_UPDATES -> "tripUpdatesUrl";
            case VEHICLE_POSITIONS -> "vehiclePositionsUrl";
            case ALERTS -> "alertsUrl";
        };
    }

    private static void put(Map<FeedSourceKind, String> sources, FeedSourceKind kind, String url) {
        if (url != null && !url.isBlank()) {
            sources.put(kind, url.strip());
        }
    }
}
