package io.regiohub.mobility.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schedule's tables, each partitioned by version. An import creates one table per GTFS table for
 * its version ({@code gtfs_stop_time_v42}), loads it with COPY and indexes it while the previous
 * version keeps serving; activation attaches them as partitions (no rows are moved, the CHECK
 * constraint spares PostgreSQL the scan) and switches the feed's version in one transaction; the
 * replaced version is detached and dropped later, whole.
 */
public final class ScheduleTables {

    /** A table and the indexes its partitions carry. */
    record Table(String name, List<String> indexes) {
        String partition(long version) {
            return name + "_v" + version;
        }
    }

    static final List<Table> TABLES = List.of(
            new Table("gtfs_agency", List.of("UNIQUE (agency_id)")),
            new Table("gtfs_stop", List.of("UNIQUE (stop_id)", "(lat, lon)",
                    "USING GIN (to_tsvector('simple', coalesce(name, '')))")),
            new Table("gtfs_route", List.of("UNIQUE (route_id)")),
            new Table("gtfs_trip", List.of("UNIQUE (trip_id)")),
            new Table("gtfs_stop_time", List.of("UNIQUE (trip_id, stop_sequence)", "(stop_id, departure)")),
            new Table("gtfs_calendar", List.of("UNIQUE (service_id)")),
            new Table("gtfs_calendar_date", List.of("UNIQUE (service_id, date)")),
            new Table("gtfs_frequency", List.of("(trip_id)")));

    private ScheduleTables() {
    }

    static void create(Connection c, long version) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Table t : TABLES) {
                String p = t.partition(version);
                s.execute("DROP TABLE IF EXISTS " + p);
                s.execute("CREATE TABLE " + p + " (LIKE " + t.name() + " INCLUDING DEFAULTS, CHECK (version = "
                        + version + "))");
                s.execute("ALTER TABLE " + p + " ALTER COLUMN version SET DEFAULT " + version);
            }
        }
    }

    /**
     * Builds the indexes after the load (far faster than maintaining them row by row), then vacuums and
     * analyses the tables before they serve: the visibility map is set (index-only scans), the planner has
     * statistics, and autovacuum finds nothing to do while the schedule serves boards.
     */
    static void index(Connection c, long version) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Table t : TABLES) {
                String p = t.partition(version);
                int i = 0;
                for (String index : t.indexes()) {
                    boolean unique = index.startsWith("UNIQUE ");
                    String def = unique ? index.substring(7) : index;
                    s.execute("CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + p + "_i" + (i++) + " ON " + p + " "
                            + def);
                }
                s.execute("VACUUM (ANALYZE) " + p);
            }
        }
    }

    /** Makes the loaded tables partitions of the schedule (inside the activating transaction). */
    static void attach(Connection c, long version) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Table t : TABLES) {
                s.execute("ALTER TABLE " + t.name() + " ATTACH PARTITION " + t.partition(version)
                        + " FOR VALUES IN (" + version + ")");
            }
        }
    }

    /** Drops a version's tables, attached or not (a failed import's, or a replaced schedule's). */
    static void drop(Connection c, long version) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Table t : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + t.partition(version));
            }
        }
    }

    /** Detaches a replaced version without blocking readers of the serving one, then drops it. */
    static void retire(Connection c, long version) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Table t : TABLES) {
                String p = t.partition(version);
                boolean attached;
                try (var rs = s.executeQuery("SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "WHERE c.relname = '" + p + "'")) {
                    attached = rs.next();
                }
                if (attached) {
                    s.execute("ALTER TABLE " + t.name() + " DETACH PARTITION " + p + " CONCURRENTLY");
                }
                s.execute("DROP TABLE IF EXISTS " + p);
            }
        }
    }
}
