package io.regiohub.mobility.board;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stops of a feed's serving schedule by name (every word a prefix: "frankf hauptw" finds "Frankfurt
 * (Main) Hauptwache"; PostgreSQL full text with the {@code simple} configuration and a GIN index) and/or
 * by distance from a point (a bounding box on the (lat, lon) index, then the great-circle distance).
 */
@Component
public class StopSearch {

    public record FoundStop(String id, String code, String name, Double lat, Double lon, int locationType,
                            String parentStation, String platformCode, Double distanceMetres) {
    }

    private final JdbcClient jdbc;

    public StopSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Words of the query as a prefix tsquery; only letters and digits of each word are kept. */
    static String prefixQuery(String q) {
        List<String> terms = new ArrayList<>();
        for (String word : q.strip().split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                terms.add(word.toLowerCase(java.util.Locale.ROOT) + ":*");
            }
        }
        return String.join(" & ", terms);
    }

    public List<FoundStop> search(long version, String q, Double lat, Double lon, double radius, int limit) {
        StringBuilder sql = new StringBuilder("SELECT s.*, ");
        List<Object> params = new ArrayList<>();
        if (lat != null) {
            sql.append("2 * 6371008.8 * asin(sqrt(power(sin(radians(lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(lat))"
                    + " * power(sin(radians(lon - ?) / 2), 2))) AS distance ");
            params.add(lat);
            params.add(lat);
            params.add(lon);
        } else {
            sql.append("NULL::float8 AS distance ");
        }
        sql.append("FROM gtfs_stop s WHERE version = ?");
        params.add(version);
        if (q != null) {
            String tsquery = prefixQuery(q);
            if (tsquery.isEmpty()) {
                return List.of();
            }
            sql.append(" AND to_tsvector('simple', coalesce(name, '')) @@ to_tsquery('simple', ?)");
            params.add(tsquery);
        }
        if (lat != null) {
            double dLat = radius / 111_320;
            double dLon = radius / (111_320 * Math.max(0.01, Math.cos(Math.toRadians(lat))));
            sql.append(" AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?");
            params.add(lat - dLat);
            params.add(lat + dLat);
            params.add(lon - dLon);
            params.add(lon + dLon);
        }
        String query = "SELECT * FROM (" + sql + ") x" + (lat != null ? " WHERE distance <= ? ORDER BY distance, stop_id"
                : " ORDER BY name, stop_id") + " LIMIT ?";
        if (lat != null) {
            params.add(radius);
        }
        params.add(limit);
        return jdbc.sql(query).params(params).query((rs, n) -> new FoundStop(rs.getString("stop_id"), rs.getString("code"),
                rs.getString("name"), (Double) rs.getObject("lat"), (Double) rs.getObject("lon"), rs.getInt("location_type"),
                rs.getString("parent_station"), rs.getString("platform_code"),
                rs.getObject("distance") == null ? null : Math.round(rs.getDouble("distance") * 10) / 10.0)).list();
    }
}
