package io.regiohub.mobility.realtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.regiohub.events.mobility.AlertRaised;
import io.regiohub.starter.jdbc.Rows;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The realtime state of each feed held in memory for departure boards: trip instances, added trips by
 * stop, and alerts. Loaded from PostgreSQL on first use, dropped when a realtime message was applied
 * (on this instance directly, on the others when the {@code realtime.applied} notice arrives), so a
 * board needs no query for realtime data.
 */
@Component
public class RealtimeStates {

    /** One feed's realtime state; {@code updatedAt} of the newest trip update it holds. */
    public record State(Map<String, RealtimeTrip> trips, Map<String, List<RealtimeTrip>> addedByStop,
                        List<RealtimeAlert> alerts, Instant loadedAt) {

        /** The trip instance: a trip on a service day, and for a frequency-based trip its instance's start time. */
        public RealtimeTrip trip(String tripId, LocalDate serviceDate, int startTime) {
            return trips.get(RealtimeTrip.instanceKey(tripId, serviceDate, startTime));
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Cache<UUID, State> states = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();
    private final List<Consumer<UUID>> listeners = new CopyOnWriteArrayList<>();

    public RealtimeStates(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public State of(UUID feedId) {
        return states.get(feedId, this::load);
    }

    /** Drops the feed's state (reloaded at the next board) and tells the live boards. */
    public void invalidate(UUID feedId) {
        states.invalidate(feedId);
        listeners.forEach(l -> l.accept(feedId));
    }

    public void onChange(Consumer<UUID> listener) {
        listeners.add(listener);
    }

    private State load(UUID feedId) {
        Map<String, RealtimeTrip> trips = new HashMap<>();
        Map<String, List<RealtimeTrip>> added = new HashMap<>();
        jdbc.sql("SELECT * FROM realtime_trip WHERE feed_id = ?").param(feedId).query((rs, n) -> {
            RealtimeTrip t = trip(rs);
            trips.put(t.instanceKey(), t);
            if (t.relationship() == RealtimeTrip.Relationship.ADDED) {
                for (String stop : t.stopIds()) {
                    added.computeIfAbsent(stop, s -> new ArrayList<>()).add(t);
                }
            }
            return t;
        }).list();
        List<RealtimeAlert> alerts = jdbc.sql("SELECT * FROM realtime_alert WHERE feed_id = ? ORDER BY raised_at")
                .param(feedId).query((rs, n) -> new RealtimeAlert(rs.getString("alert_id"), rs.getString("cause"),
                        rs.getString("effect"), rs.getString("header"), rs.getString("description"), rs.getString("url"),
                        json.readValue(rs.getString("entities"), new TypeReference<List<AlertRaised.InformedEntity>>() { }),
                        json.readValue(rs.getString("periods"), new TypeReference<List<AlertRaised.ActivePeriod>>() { })))
                .list();
        return new State(trips, added, alerts, Instant.now());
    }

    private static RealtimeTrip trip(ResultSet rs) throws SQLException {
        Integer[] seqs = ints(rs.getArray("seqs"));
        int[] s = new int[seqs.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = seqs[i];
        }
        String[] rel = (String[]) rs.getArray("stop_relationships").getArray();
        RealtimeTrip.StopRelationship[] rels = new RealtimeTrip.StopRelationship[rel.length];
        for (int i = 0; i < rel.length; i++) {
            rels[i] = RealtimeTrip.StopRelationship.valueOf(rel[i]);
        }
        return new RealtimeTrip(rs.getString("trip_id"), rs.getObject("service_date", LocalDate.class),
                rs.getInt("start_time"), rs.getString("route_id"), RealtimeTrip.Relationship.valueOf(rs.getString("relationship")), s,
                (String[]) rs.getArray("stop_ids").getArray(), ints(rs.getArray("arrival_delay")),
                ints(rs.getArray("departure_delay")), longs(rs.getArray("arrival_time")),
                longs(rs.getArray("departure_time")), rels, rs.getString("headsign"), Rows.instant(rs.getTimestamp("updated_at")));
    }

    private static Integer[] ints(Array a) throws SQLException {
        return (Integer[]) a.getArray();
    }

    private static Long[] longs(Array a) throws SQLException {
        return (Long[]) a.getArray();
    }
}
