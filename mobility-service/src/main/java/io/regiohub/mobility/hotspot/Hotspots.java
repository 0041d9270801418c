package io.regiohub.mobility.hotspot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.regiohub.events.mobility.HotspotActivated;
import io.regiohub.events.mobility.HotspotDown;
import io.regiohub.starter.jdbc.Rows;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.web.HubProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Wi-Fi hotspots of municipalities: at a stop of a feed, or at coordinates; {@code PLANNED},
 * {@code ACTIVE} or {@code DOWN}. Becoming active or going down is announced ({@code hotspot.activated},
 * {@code hotspot.down}) with the participation proposal the hotspot implements, if it names one.
 */
@Service
public class Hotspots {

    /** Hotspots within this distance of a stop are shown on its departure board. */
    static final double STOP_RADIUS_METRES = 100;
    private static final double METRES_PER_DEGREE = 111_320;

    public enum Status { PLANNED, ACTIVE, DOWN }

    public record Hotspot(UUID id, String municipality, String name, String ssid, String operator, Status status,
                          double lat, double lon, UUID feedId, String stopId, UUID proposalId, Integer accessPoints,
                          String kind, String source, String statusReason, Instant statusChangedAt, Instant createdAt) {
    }

    public record Nearby(Hotspot hotspot, double distanceMetres) {
    }

    /** What a departure board shows of the Wi-Fi at its stop. */
    public record WifiAtStop(UUID hotspotId, String name, String ssid, String operator, Status status,
                             int distanceMetres) {
    }

    static final RowMapper<Hotspot> ROW = (rs, n) -> new Hotspot(rs.getObject("id", UUID.class),
            rs.getString("municipality"), rs.getString("name"), rs.getString("ssid"), rs.getString("operator"),
            Status.valueOf(rs.getString("status")), rs.getDouble("lat"), rs.getDouble("lon"),
            rs.getObject("feed_id", UUID.class), rs.getString("stop_id"), rs.getObject("proposal_id", UUID.class),
            (Integer) rs.getObject("access_points"), rs.getString("kind"), rs.getString("source"),
            rs.getString("status_reason"), Rows.instant(rs.getTimestamp("status_changed_at")), Rows.instant(rs.getTimestamp("created_at")));

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final Cache<String, List<WifiAtStop>> atStops = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofSeconds(10)).build();

    public Hotspots(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A hotspot to record; either coordinates or a stop (whose coordinates it takes) must be given. */
    public record NewHotspot(String name, String ssid, String operator, Status status, double lat, double lon,
                             UUID feedId, String stopId, UUID proposalId, Integer accessPoints, String kind,
                             String source, String sourceKey) {
    }

    public record Recorded(Hotspot hotspot, boolean created) {
    }

    @Transactional
    public Recorded create(String municipality, NewHotspot h) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        try {
            int inserted = jdbc.sql("""
                            INSERT INTO hotspot (id, municipality, name, ssid, operator, status, lat, lon, feed_id, stop_id,
                                proposal_id, access_points, kind, source, source_key, status_changed_at, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (municipality, source, source_key) DO NOTHING""")
                    .params(id, municipality, h.name(), h.ssid(), h.operator(), h.status().name(), h.lat(), h.lon(),
                            h.feedId(), h.stopId(), h.proposalId(), h.accessPoints(), h.kind(), h.source(), h.sourceKey(),
                            Timestamp.from(now), Timestamp.from(now)).update();
            if (inserted == 0) {
                Hotspot existing = jdbc.sql("SELECT * FROM hotspot WHERE municipality = ? AND source = ? AND source_key = ?")
                        .params(municipality, h.source(), h.sourceKey()).query(ROW).single();
                return new Recorded(existing, false);
            }
        } catch (DuplicateKeyException e) {
            throw HubProblem.conflict("hotspot already recorded");
        }
        Hotspot created = get(id);
        if (created.status() == Status.ACTIVE) {
            announce(created, now);
        }
        atStops.invalidateAll();
        return new Recorded(created, true);
    }

    public Hotspot get(UUID id) {
        return find(id).orElseThrow(() -> HubProblem.notFound("hotspot", id));
    }

    public Optional<Hotspot> find(UUID id) {
        return jdbc.sql("SELECT * FROM hotspot WHERE id = ?").param(id).query(ROW).optional();
    }

    /**
     * Changes the status (the reason is kept); becoming {@code ACTIVE} or {@code DOWN} is announced.
     * The row is locked, so two concurrent changes are applied one after the other and each announced once.
     */
    @Transactional
    public Hotspot changeStatus(UUID id, Status status, String reason) {
        Hotspot before = jdbc.sql("SELECT * FROM hotspot WHERE id = ? FOR UPDATE").param(id).query(ROW).optional()
                .orElseThrow(() -> HubProblem.notFound("hotspot", id));
        if (before.status() == status) {
            return before;
        }
        if (status == Status.PLANNED) {
            throw new HubProblem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-transition", "Invalid transition",
                    "a hotspot that was " + before.status() + " cannot become PLANNED again",
                    List.of(new HubProblem.FieldError("status", "PLANNED only before it first went live")));
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE hotspot SET status = ?, status_reason = ?, status_changed_at = ? WHERE id = ?")
                .params(status.name(), reason, Timestamp.from(now), id).update();
        Hotspot after = get(id);
        announce(after, now);
        atStops.invalidateAll();
        return after;
    }

    private void announce(Hotspot h, Instant now) {
        if (h.status() == Status.ACTIVE) {
            outbox.publish(new HotspotActivated(h.id(), h.municipality(), h.ssid(), h.operator(), h.lat(), h.lon(),
                    h.feedId(), h.stopId(), h.proposalId(), now));
        } else if (h.status() == Status.DOWN) {
            outbox.publish(new HotspotDown(h.id(), h.municipality(), h.ssid(), h.feedId(), h.stopId(), h.proposalId(),
                    h.statusReason(), now));
        }
    }

    /** Hotspots within {@code radius} metres of a point, nearest first (a bounding box on the index, then the great-circle distance). */
    public List<Nearby> near(double lat, double lon, double radius, int limit) {
        double dLat = radius / METRES_PER_DEGREE;
        double dLon = radius / (METRES_PER_DEGREE * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        return jdbc.sql("""
                        SELECT * FROM (
                          SELECT h.*, 2 * 6371008.8 * asin(sqrt(power(sin(radians(lat - ?) / 2), 2)
                                 + cos(radians(?)) * cos(radians(lat)) * power(sin(radians(lon - ?) / 2), 2))) AS distance
                          FROM hotspot h WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?) x
                        WHERE distance <= ? ORDER BY distance, id LIMIT ?""")
                .params(lat, lat, lon, lat - dLat, lat + dLat, lon - dLon, lon + dLon, radius, limit)
                .query((rs, n) -> new Nearby(ROW.mapRow(rs, n), Math.round(rs.getDouble("distance") * 10) / 10.0)).list();
    }

    public List<Hotspot> ofMunicipality(String municipality, int limit) {
        return jdbc.sql("SELECT * FROM hotspot WHERE municipality = ? ORDER BY name, id LIMIT ?")
                .params(municipality, limit).query(ROW).list();
    }

    /** The Wi-Fi a departure board shows: hotspots at the stop (or its platforms) and within 100 m of it. */
    public List<WifiAtStop> atStop(UUID feedId, List<String> stopIds, Double lat, Double lon) {
        String key = feedId + "\u0000" + String.join("\u0000", stopIds);
        return atStops.get(key, k -> {
            List<WifiAtStop> linked = jdbc.sql("SELECT * FROM hotspot WHERE feed_id = ? AND stop_id = ANY(?) ORDER BY name")
                    .params(feedId, stopIds.toArray(String[]::new)).query(ROW).list().stream()
                    .map(h -> new WifiAtStop(h.id(), h.name(), h.ssid(), h.operator(), h.status(), 0)).toList();
            if (lat == null || lon == null) {
                return linked;
            }
            List<WifiAtStop> all = new java.util.ArrayList<>(linked);
            for (Nearby n : near(lat, lon, STOP_RADIUS_METRES, 20)) {
                if (all.stream().noneMatch(w -> w.hotspotId().equals(n.hotspot().id()))) {
                    Hotspot h = n.hotspot();
                    all.add(new WifiAtStop(h.id(), h.name(), h.ssid(), h.operator(), h.status(),
                            (int) Math.round(n.distanceMetres())));
                }
            }
            return List.copyOf(all);
        });
    }
}
