package io.regiohub.mobility.schedule;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads schedule versions for boards and realtime: the {@link ScheduleSnapshot} of a version and the
 * calls at a stop, both cached in memory. A version never changes once active (a new import is a new
 * version), so nothing needs invalidating; entries of replaced versions age out.
 */
@Component
public class Schedules {

    /** One trip's call at a stop: its sequence, times in seconds of the service day, and the stop's headsign. */
    public record Call(String tripId, String stopId, int seq, int arrival, int departure, String headsign,
                       int pickupType) {
    }

    private record StopKey(long version, String stopId) {
    }

    /** The calls at a stop: every call sorted by departure, and apart those of frequency-based trips (templates). */
    public record StopCalls(List<Call> byDeparture, List<Call> frequencyTemplates) {
    }

    private final JdbcClient jdbc;
    private final Cache<Long, ScheduleSnapshot> snapshots = Caffeine.newBuilder().maximumSize(64)
            .expireAfterAccess(Duration.ofHours(6)).build();
    private final Cache<StopKey, StopCalls> calls = Caffeine.newBuilder()
            .maximumWeight(3_000_000).<StopKey, StopCalls>weigher((k, v) -> v.byDeparture().size() + 1)
            .expireAfterAccess(Duration.ofHours(6)).build();

    public Schedules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public ScheduleSnapshot snapshot(long version) {
        return snapshots.get(version, this::load);
    }

    /** Every call at the stop (all trips, all services), sorted by departure. */
    public StopCalls callsAt(long version, String stopId) {
        return calls.get(new StopKey(version, stopId), k -> {
            List<Call> all = new ArrayList<>();
            List<Call> templates = new ArrayList<>();
            jdbc.sql("""
                            SELECT st.trip_id, st.stop_id, st.stop_sequence, st.arrival, st.departure, st.headsign,
                                   st.pickup_type, t.frequency_based
                            FROM gtfs_stop_time st JOIN gtfs_trip t ON t.version = st.version AND t.trip_id = st.trip_id
                            WHERE st.version = ? AND st.stop_id = ? ORDER BY st.departure""")
                    .params(version, stopId)
                    .query((rs, n) -> {
                        Call c = new Call(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                                rs.getString(6), rs.getInt(7));
                        (rs.getBoolean(8) ? templates : all).add(c);
                        return c;
                    }).list();
            return new StopCalls(List.copyOf(all), List.copyOf(templates));
        });
    }

    /** A trip's calls in order of their sequence (for added stops, matching by stop id, and propagation). */
    public List<Call> callsOf(long version, String tripId) {
        return jdbc.sql("""
                        SELECT trip_id, stop_id, stop_sequence, arrival, departure, headsign, pickup_type
                        FROM gtfs_stop_time WHERE version = ? AND trip_id = ? ORDER BY stop_sequence""")
                .params(version, tripId)
                .query((rs, n) -> new Call(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getString(6), rs.getInt(7))).list();
    }

    /** The calls of many trips at once, by trip (one query for a whole realtime feed). */
    public Map<String, List<Call>> callsOf(long version, List<String> tripIds) {
        Map<String, List<Call>> byTrip = new HashMap<>();
        if (tripIds.isEmpty()) {
            return byTrip;
        }
        jdbc.sql("""
                        SELECT trip_id, stop_id, stop_sequence, arrival, departure, headsign, pickup_type
                        FROM gtfs_stop_time WHERE version = ? AND trip_id = ANY(?)""")
                .params(version, tripIds.toArray(String[]::new))
                .query((rs, n) -> byTrip.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                        .add(new Call(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                                rs.getString(6), rs.getInt(7)))).list();
        byTrip.values().forEach(l -> l.sort(Comparator.comparingInt(Call::seq)));
        return byTrip;
    }

    private ScheduleSnapshot load(long version) {
        String zone = jdbc.sql("SELECT timezone FROM gtfs_agency WHERE version = ? LIMIT 1").param(version)
                .query(String.class).optional().orElse("Europe/Berlin");
        Map<String, ScheduleSnapshot.Route> routes = new HashMap<>();
        jdbc.sql("SELECT route_id, agency_id, short_name, long_name, route_type FROM gtfs_route WHERE version = ?")
                .param(version).query((rs, n) -> routes.put(rs.getString(1), new ScheduleSnapshot.Route(rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))).list();
        Map<String, ScheduleSnapshot.Trip> trips = new HashMap<>();
        jdbc.sql("""
                        SELECT trip_id, route_id, service_id, headsign, short_name, first_seq, last_seq, first_departure,
                               last_arrival, frequency_based FROM gtfs_trip WHERE version = ?""")
                .param(version).query((rs, n) -> trips.put(rs.getString(1), new ScheduleSnapshot.Trip(rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7),
                        rs.getInt(8), rs.getInt(9), rs.getBoolean(10)))).list();
        Map<String, ScheduleSnapshot.Stop> stops = new HashMap<>();
        Map<String, List<String>> platforms = new HashMap<>();
        jdbc.sql("""
                        SELECT stop_id, code, name, lat, lon, location_type, parent_station, platform_code
                        FROM gtfs_stop WHERE version = ?""")
                .param(version).query((rs, n) -> {
                    ScheduleSnapshot.Stop s = new ScheduleSnapshot.Stop(rs.getString(1), rs.getString(2), rs.getString(3),
                            (Double) rs.getObject(4), (Double) rs.getObject(5), rs.getInt(6), rs.getString(7),
                            rs.getString(8));
                    stops.put(s.id(), s);
                    if (s.parentStation() != null) {
                        platforms.computeIfAbsent(s.parentStation(), p -> new ArrayList<>()).add(s.id());
                    }
                    return s;
                }).list();
        Map<String, ScheduleSnapshot.Calendar> calendars = new HashMap<>();
        jdbc.sql("SELECT service_id, weekdays, start_date, end_date FROM gtfs_calendar WHERE version = ?").param(version)
                .query((rs, n) -> calendars.put(rs.getString(1), new ScheduleSnapshot.Calendar(rs.getInt(2),
                        rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class)))).list();
        Map<String, Map<LocalDate, Integer>> exceptions = new HashMap<>();
        jdbc.sql("SELECT service_id, date, exception_type FROM gtfs_calendar_date WHERE version = ?").param(version)
                .query((rs, n) -> exceptions.computeIfAbsent(rs.getString(1), s -> new HashMap<>())
                        .put(rs.getObject(2, LocalDate.class), rs.getInt(3))).list();
        Map<String, List<ScheduleSnapshot.Frequency>> frequencies = new HashMap<>();
        jdbc.sql("SELECT trip_id, start_time, end_time, headway_secs, exact_times FROM gtfs_frequency WHERE version = ?")
                .param(version).query((rs, n) -> frequencies.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                        .add(new ScheduleSnapshot.Frequency(rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getBoolean(5))))
                .list();
        return new ScheduleSnapshot(version, ZoneId.of(zone), routes, trips, stops, platforms, calendars, exceptions,
                frequencies);
    }
}
