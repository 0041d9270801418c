package io.regiohub.mobility.schedule;

import io.regiohub.events.mobility.ScheduleImported;
import io.regiohub.mobility.MobilityProperties;
import io.regiohub.mobility.feed.Feed;
import io.regiohub.starter.outbox.Outbox;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a GTFS zip as a new version of a feed's schedule: reads each file with {@link GtfsTable},
 * validates rows and the references between files (with file and line of every finding), bulk-loads
 * the rows with COPY into tables of their own ({@link ScheduleTables}), indexes them, and activates the
 * version atomically together with its {@code schedule.imported} event. Any error leaves the serving
 * schedule untouched: the new tables are dropped and the import is {@code FAILED} with its errors.
 *
 * <p>Errors make a schedule unservable (a stop time of an unknown trip or stop, a trip of an unknown
 * route or service, a malformed time, a duplicate id); warnings do not and are kept with the import
 * (a {@code parent_station} outside the file, a frequency of an unknown trip, a trip without stop times),
 * as real feeds such as DELFI's subsets have them.
 */
@Component
public class ScheduleImporter {

    private static final Logger log = LoggerFactory.getLogger(ScheduleImporter.class);
    static final int MAX_ISSUES = 200;
    private static final DateTimeFormatter GTFS_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final List<String> REQUIRED = List.of("agency.txt", "stops.txt", "routes.txt", "trips.txt",
            "stop_times.txt");
    private static final List<String> READ = List.of("agency.txt", "stops.txt", "routes.txt", "calendar.txt",
            "calendar_dates.txt", "trips.txt", "frequencies.txt", "stop_times.txt");

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final JsonMapper json;
    private final MobilityProperties.Imports settings;
    private final Clock clock;

    public ScheduleImporter(DataSource dataSource, JdbcClient jdbc, TransactionTemplate tx, Outbox outbox,
                            JsonMapper json, MobilityProperties properties, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.tx = tx;
        this.outbox = outbox;
        this.json = json;
        this.settings = properties.imports();
        this.clock = clock;
    }

    /** Runs one import to its end, recording the outcome in {@code schedule_import}. */
    public void run(UUID importId, Feed feed, long version, Path zip) {
        Load load = new Load(importId, version);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try {
                ScheduleTables.create(c, version);
                load.read(c, zip);
                if (load.errors.isEmpty()) {
                    load.progress(0.92);
                    indexOrReportDuplicates(c, load);
                }
                if (load.errors.isEmpty()) {
                    activate(feed, load);
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                log.error("schedule import {} of feed {} failed", importId, feed.id(), e);
                load.error(new ImportIssue("", 0, null, "the import could not be completed: " + rootMessage(e)));
            }
            try {
                ScheduleTables.drop(c, version);
            } catch (SQLException e) {
                log.warn("could not drop the tables of failed import {}", importId, e);
            }
        } catch (SQLException e) {
            log.error("schedule import {}: no database connection", importId, e);
            load.error(new ImportIssue("", 0, null, "the import could not be completed: " + rootMessage(e)));
        }
        fail(load);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void indexOrReportDuplicates(Connection c, Load load) throws SQLException {
        try {
            ScheduleTables.index(c, load.version);
        } catch (SQLException e) {
            if (!io.regiohub.starter.jdbc.SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            try (PreparedStatement s = c.prepareStatement("SELECT trip_id, stop_sequence FROM gtfs_stop_time_v"
                    + load.version + " GROUP BY 1, 2 HAVING count(*) > 1 LIMIT 20");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    load.error(new ImportIssue("stop_times.txt", 0, "stop_sequence", "trip '" + rs.getString(1)
                            + "' has stop_sequence " + rs.getInt(2) + " more than once"));
                }
            }
            if (load.errors.isEmpty()) {
                load.error(new ImportIssue("", 0, null, "duplicate key: " + e.getMessage()));
            }
        }
    }

    private void activate(Feed feed, Load load) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT id FROM feed WHERE id = ? FOR UPDATE").param(feed.id()).query(UUID.class).single();
            try {
                ScheduleTables.attach(DataSourceUtils.getConnection(dataSource), load.version);
            } catch (SQLException e) {
                throw new IllegalStateException("attaching schedule version " + load.version + " failed", e);
            }
            jdbc.sql("UPDATE feed SET active_version = ?, timezone = ? WHERE id = ?")
                    .params(load.version, load.timezone.getId(), feed.id()).update();
            int running = jdbc.sql("""
                            UPDATE schedule_import SET status = 'SUCCEEDED', progress = 1, counts = ?::jsonb,
                                   warnings = ?::jsonb, heartbeat_at = ?, finished_at = ?
                            WHERE id = ? AND status = 'RUNNING'""")
                    .params(json.writeValueAsString(load.counts), json.writeValueAsString(load.warnings),
                            Timestamp.from(now), Timestamp.from(now), load.importId).update();
            if (running == 0) {
                throw new IllegalStateException("the import was given up as lost while it ran");
            }
            outbox.publish(new ScheduleImported(feed.id(), feed.municipality(), load.importId, feed.name(),
                    load.counts.get("agencies").intValue(), load.counts.get("stops").intValue(),
                    load.counts.get("routes").intValue(), load.counts.get("trips").intValue(),
                    load.counts.get("stopTimes"), load.firstDay, load.lastDay, now));
        });
        log.info("schedule import {} of feed {} activated version {}: {}", load.importId, feed.id(), load.version,
                load.counts);
    }

    private void fail(Load load) {
        Instant now = clock.instant();
        List<ImportIssue> shown = load.errors.size() > MAX_ISSUES ? load.errors.subList(0, MAX_ISSUES) : load.errors;
        jdbc.sql("""
                        UPDATE schedule_import SET status = 'FAILED', counts = ?::jsonb, errors = ?::jsonb,
                               warnings = ?::jsonb, heartbeat_at = ?, finished_at = ?, retired_at = ? WHERE id = ?""")
                .params(json.writeValueAsString(load.counts), json.writeValueAsString(shown),
                        json.writeValueAsString(load.warnings), Timestamp.from(now), Timestamp.from(now),
                        Timestamp.from(now), load.importId).update();
        log.info("schedule import {} failed with {} errors, first: {}", load.importId, load.errors.size(),
                load.errors.isEmpty() ? "-" : load.errors.getFirst());
    }

    /** What one trip's stop times told about it, kept while stop_times.txt streams by. */
    private static final class TripRow {
        final String routeId;
        final String serviceId;
        final String headsign;
        final String shortName;
        final Integer directionId;
        int firstSeq = Integer.MAX_VALUE;
        int firstDeparture;
        int lastSeq = Integer.MIN_VALUE;
        int lastArrival;
        int stopTimes;
        boolean frequencyBased;

        TripRow(String routeId, String serviceId, String headsign, String shortName, Integer directionId) {
            this.routeId = routeId;
            this.serviceId = serviceId;
            this.headsign = headsign;
            this.shortName = shortName;
            this.directionId = directionId;
        }
    }

    /** The state of one import while it reads its files. */
    private final class Load {
        final UUID importId;
        final long version;
        final List<ImportIssue> errors = new ArrayList<>();
        final List<ImportIssue> warnings = new ArrayList<>();
        final Map<String, Long> counts = new LinkedHashMap<>();
        final Set<String> agencies = new HashSet<>();
        final Set<String> stops = new HashSet<>(1 << 15);
        final Set<String> routes = new HashSet<>();
        final Set<String> services = new HashSet<>();
        final Map<String, TripRow> trips = new HashMap<>(1 << 16);
        ZoneId timezone;
        LocalDate firstDay;
        LocalDate lastDay;
        long totalBytes = 1;
        long readBytes;
        long lastBeat;
        long untimed;
        int warningCount;

        Load(UUID importId, long version) {
            this.importId = importId;
            this.version = version;
            for (String k : List.of("agencies", "stops", "routes", "trips", "stopTimes", "calendars", "calendarDates",
                    "frequencies", "warnings")) {
                counts.put(k, 0L);
            }
        }

        void error(ImportIssue issue) {
            errors.add(issue);
        }

        void warn(ImportIssue issue) {
            warningCount++;
            counts.put("warnings", (long) warningCount);
            if (warnings.size() < MAX_ISSUES) {
                warnings.add(issue);
            }
        }

        boolean tooManyErrors() {
            return errors.size() >= MAX_ISSUES;
        }

        void read(Connection c, Path path) throws SQLException {
            ZipFile zip;
            try {
                zip = new ZipFile(path.toFile());
            } catch (ZipException e) {
                error(new ImportIssue("", 0, null, "the body is not a readable zip archive (" + e.getMessage() + ")"));
                return;
            } catch (IOException e) {
                error(new ImportIssue("", 0, null, "the zip archive could not be read: " + e.getMessage()));
                return;
            }
            try (zip) {
                for (String required : REQUIRED) {
                    if (zip.getEntry(required) == null) {
                        error(new ImportIssue(required, 0, null, "required file is missing from the archive"));
                    }
                }
                if (zip.getEntry("calendar.txt") == null && zip.getEntry("calendar_dates.txt") == null) {
                    error(new ImportIssue("calendar.txt", 0, null,
                            "required file is missing: neither calendar.txt nor calendar_dates.txt is in the archive"));
                }
                if (!errors.isEmpty()) {
                    return;
                }
                long total = 0;
                for (String name : READ) {
                    ZipEntry e = zip.getEntry(name);
                    if (e != null && e.getSize() > 0) {
                        total += e.getSize();
                    }
                }
                if (total > settings.maxUnpacked().toBytes()) {
                    error(new ImportIssue("", 0, null, "the archive unpacks to " + total + " bytes, more than the "
                            + settings.maxUnpacked().toBytes() + " accepted"));
                    return;
                }
                totalBytes = Math.max(1, total);
                readFile(zip, "agency.txt", t -> agencies(c, t));
                readFile(zip, "stops.txt", t -> stops(c, t));
                readFile(zip, "routes.txt", t -> routes(c, t));
                readFile(zip, "calendar.txt", t -> calendar(c, t));
                readFile(zip, "calendar_dates.txt", t -> calendarDates(c, t));
                readFile(zip, "trips.txt", this::trips);
                readFile(zip, "frequencies.txt", t -> frequencies(c, t));
                readFile(zip, "stop_times.txt", t -> stopTimes(c, t));
                if (errors.isEmpty()) {
                    writeTrips(c);
                    if (untimed > 0) {
                        interpolate(c);
                    }
                }
            } catch (IOException e) {
                error(new ImportIssue("", 0, null, "the zip archive could not be read: " + e.getMessage()));
            }
        }

        interface FileReader {
            void read(GtfsTable table) throws SQLException;
        }

        private void readFile(ZipFile zip, String name, FileReader reader) throws IOException, SQLException {
            if (!errors.isEmpty() && !name.equals("stop_times.txt") && tooManyErrors()) {
                return;
            }
            ZipEntry entry = zip.getEntry(name);
            if (entry == null || !errors.isEmpty() && (name.equals("trips.txt") || name.equals("stop_times.txt")
                    || name.equals("frequencies.txt"))) {
                // the later files are checked against the earlier ones: with errors there, they would only echo them
                return;
            }
            try (InputStream in = new Progress(zip.getInputStream(entry)); GtfsTable table = new GtfsTable(name, in)) {
                reader.read(table);
            } catch (GtfsTable.GtfsFormatException e) {
                error(e.issue);
            } catch (ZipException e) {
                error(new ImportIssue(name, 0, null, "the file is corrupt in the archive: " + e.getMessage()));
            }
        }

        private String required(GtfsTable t, String column) {
            String value = t.get(column);
            if (value.isEmpty()) {
                error(new ImportIssue(t.file(), t.line(), column, "is required"));
                return null;
            }
            return value;
        }

        private Double coordinate(GtfsTable t, String column, double limit) {
            String value = t.get(column);
            if (value.isEmpty()) {
                return null;
            }
            try {
                double d = Double.parseDouble(value);
                if (Math.abs(d) > limit || Double.isNaN(d)) {
                    error(new ImportIssue(t.file(), t.line(), column, "'" + value + "' is out of range"));
                    return null;
                }
                return d;
            } catch (NumberFormatException e) {
                error(new ImportIssue(t.file(), t.line(), column, "'" + value + "' is not a number"));
                return null;
            }
        }

        private Integer integer(GtfsTable t, String column, Integer fallback) {
            String value = t.get(column);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                error(new ImportIssue(t.file(), t.line(), column, "'" + value + "' is not an integer"));
                return fallback;
            }
        }

        private LocalDate date(GtfsTable t, String column) {
            String value = required(t, column);
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value, GTFS_DATE);
            } catch (DateTimeParseException e) {
                error(new ImportIssue(t.file(), t.line(), column, "'" + value + "' is not a date of the form YYYYMMDD"));
                return null;
            }
        }

        private int time(GtfsTable t, String column) {
            try {
                return GtfsTime.parse(t.get(column));
            } catch (IllegalArgumentException e) {
                error(new ImportIssue(t.file(), t.line(), column, e.getMessage()));
                return -2;
            }
        }

        private void serviceDay(LocalDate day) {
            if (day != null) {
                firstDay = firstDay == null || day.isBefore(firstDay) ? day : firstDay;
                lastDay = lastDay == null || day.isAfter(lastDay) ? day : lastDay;
            }
        }

        private boolean unique(Set<String> ids, GtfsTable t, String column, String id) {
            if (!ids.add(id)) {
                error(new ImportIssue(t.file(), t.line(), column, "'" + id + "' appears more than once"));
                return false;
            }
            return true;
        }

        void agencies(Connection c, GtfsTable t) throws SQLException {
            try (CopyRows copy = new CopyRows(c, "gtfs_agency_v" + version, "agency_id, name, url, timezone, lang")) {
                while (t.next() && !tooManyErrors()) {
                    String id = t.get("agency_id");
                    String name = required(t, "agency_name");
                    String zone = required(t, "agency_timezone");
                    ZoneId zoneId = null;
                    if (zone != null) {
                        try {
                            zoneId = ZoneId.of(zone);
                        } catch (DateTimeException e) {
                            error(new ImportIssue(t.file(), t.line(), "agency_timezone", "'" + zone
                                    + "' is not a time zone of the tz database"));
                        }
                    }
                    if (zoneId != null && timezone != null && !timezone.equals(zoneId)) {
                        error(new ImportIssue(t.file(), t.line(), "agency_timezone",
                                "all agencies must share one time zone (" + timezone + " before)"));
                    }
                    if (zoneId != null && timezone == null) {
                        timezone = zoneId;
                    }
                    if (unique(agencies, t, "agency_id", id) && name != null) {
                        copy.text(id).text(name).text(t.optional("agency_url")).text(zone).text(t.optional("agency_lang"))
                                .endRow();
                    }
                }
                counts.put("agencies", copy.rows());
            }
            if (agencies.isEmpty()) {
                error(new ImportIssue("agency.txt", 0, null, "the file has no agency"));
            }
        }

        void stops(Connection c, GtfsTable t) throws SQLException {
            List<String[]> parents = new ArrayList<>();
            try (CopyRows copy = new CopyRows(c, "gtfs_stop_v" + version,
                    "stop_id, code, name, lat, lon, location_type, parent_station, platform_code")) {
                while (t.next() && !tooManyErrors()) {
                    String id = required(t, "stop_id");
                    if (id == null || !unique(stops, t, "stop_id", id)) {
                        continue;
                    }
                    int type = integer(t, "location_type", 0);
                    Double lat = coordinate(t, "stop_lat", 90);
                    Double lon = coordinate(t, "stop_lon", 180);
                    if (type <= 2 && (lat == null || lon == null)) {
                        error(new ImportIssue(t.file(), t.line(), lat == null ? "stop_lat" : "stop_lon",
                                "is required for a stop, station or entrance"));
                    }
                    String parent = t.optional("parent_station");
                    if (parent != null) {
                        parents.add(new String[] {parent, String.valueOf(t.line())});
                    }
                    copy.text(id).text(t.optional("stop_code")).text(t.optional("stop_name")).number(lat).number(lon)
                            .number(type).text(parent).text(t.optional("platform_code")).endRow();
                }
                counts.put("stops", copy.rows());
            }
            for (String[] p : parents) {
                if (!stops.contains(p[0])) {
                    warn(new ImportIssue("stops.txt", Long.parseLong(p[1]), "parent_station",
                            "'" + p[0] + "' is not a stop of this feed"));
                }
            }
        }

        void routes(Connection c, GtfsTable t) throws SQLException {
            try (CopyRows copy = new CopyRows(c, "gtfs_route_v" + version,
                    "route_id, agency_id, short_name, long_name, route_type, color")) {
                while (t.next() && !tooManyErrors()) {
                    String id = required(t, "route_id");
                    if (id == null || !unique(routes, t, "route_id", id)) {
                        continue;
                    }
                    String agency = t.get("agency_id");
                    if (!agencies.contains(agency) && (agencies.size() > 1 || !agency.isEmpty())) {
                        error(new ImportIssue(t.file(), t.line(), "agency_id",
                                "'" + agency + "' is not an agency of agency.txt"));
                    }
                    String shortName = t.optional("route_short_name");
                    String longName = t.optional("route_long_name");
                    if (shortName == null && longName == null) {
                        error(new ImportIssue(t.file(), t.line(), "route_short_name",
                                "a route needs a route_short_name or a route_long_name"));
                    }
                    Integer type = integer(t, "route_type", null);
                    if (type == null) {
                        error(new ImportIssue(t.file(), t.line(), "route_type", "is required"));
                        continue;
                    }
                    copy.text(id).text(agency).text(shortName).text(longName).number(type).text(t.optional("route_color"))
                            .endRow();
                }
                counts.put("routes", copy.rows());
            }
        }

        void calendar(Connection c, GtfsTable t) throws SQLException {
            String[] days = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
            Set<String> seen = new HashSet<>();
            try (CopyRows copy = new CopyRows(c, "gtfs_calendar_v" + version,
                    "service_id, weekdays, start_date, end_date")) {
                while (t.next() && !tooManyErrors()) {
                    String id = required(t, "service_id");
                    if (id == null || !unique(seen, t, "service_id", id)) {
                        continue;
                    }
                    int mask = 0;
                    for (int d = 0; d < 7; d++) {
                        String v = t.get(days[d]);
                        if (v.equals("1")) {
                            mask |= 1 << d;
                        } else if (!v.equals("0")) {
                            error(new ImportIssue(t.file(), t.line(), days[d], "must be 0 or 1, not '" + v + "'"));
                        }
                    }
                    LocalDate start = date(t, "start_date");
                    LocalDate end = date(t, "end_date");
                    if (start != null && end != null && end.isBefore(start)) {
                        error(new ImportIssue(t.file(), t.line(), "end_date", "is before start_date"));
                        continue;
                    }
                    if (start == null || end == null) {
                        continue;
                    }
                    services.add(id);
                    if (mask != 0) {
                        serviceDay(start);
                        serviceDay(end);
                    }
                    copy.text(id).number(mask).raw(start.toString()).raw(end.toString()).endRow();
                }
                counts.put("calendars", copy.rows());
            }
        }

        void calendarDates(Connection c, GtfsTable t) throws SQLException {
            Set<String> seen = new HashSet<>();
            try (CopyRows copy = new CopyRows(c, "gtfs_calendar_date_v" + version, "service_id, date, exception_type")) {
                while (t.next() && !tooManyErrors()) {
                    String id = required(t, "service_id");
                    LocalDate date = date(t, "date");
                    String type = t.get("exception_type");
                    if (!type.equals("1") && !type.equals("2")) {
                        error(new ImportIssue(t.file(), t.line(), "exception_type", "must be 1 (added) or 2 (removed), not '"
                                + type + "'"));
                        continue;
                    }
                    if (id == null || date == null || !unique(seen, t, "date", id + "\u0000" + date)) {
                        continue;
                    }
                    services.add(id);
                    if (type.equals("1")) {
                        serviceDay(date);
                    }
                    copy.text(id).raw(date.toString()).number(Integer.parseInt(type)).endRow();
                }
                counts.put("calendarDates", copy.rows());
            }
        }

        void trips(GtfsTable t) {
            while (t.next() && !tooManyErrors()) {
                String id = required(t, "trip_id");
                String route = required(t, "route_id");
                String service = required(t, "service_id");
                if (id == null || route == null || service == null) {
                    continue;
                }
                if (!routes.contains(route)) {
                    error(new ImportIssue(t.file(), t.line(), "route_id", "'" + route + "' is not a route of routes.txt"));
                    continue;
                }
                if (!services.contains(service)) {
                    error(new ImportIssue(t.file(), t.line(), "service_id",
                            "'" + service + "' is not a service of calendar.txt or calendar_dates.txt"));
                    continue;
                }
                Integer direction = integer(t, "direction_id", null);
                if (trips.putIfAbsent(id, new TripRow(route, service, t.optional("trip_headsign"),
                        t.optional("trip_short_name"), direction)) != null) {
                    error(new ImportIssue(t.file(), t.line(), "trip_id", "'" + id + "' appears more than once"));
                }
            }
        }

        void frequencies(Connection c, GtfsTable t) throws SQLException {
            try (CopyRows copy = new CopyRows(c, "gtfs_frequency_v" + version,
                    "trip_id, start_time, end_time, headway_secs, exact_times")) {
                while (t.next() && !tooManyErrors()) {
                    String id = required(t, "trip_id");
                    TripRow trip = id == null ? null : trips.get(id);
                    if (id != null && trip == null) {
                        warn(new ImportIssue(t.file(), t.line(), "trip_id",
                                "'" + id + "' is not a trip of trips.txt; the row is ignored"));
                        continue;
                    }
                    int start = time(t, "start_time");
                    int end = time(t, "end_time");
                    Integer headway = integer(t, "headway_secs", null);
                    if (start < 0 || end < 0 || headway == null || headway <= 0) {
                        if (start == -1 || end == -1 || headway == null || headway <= 0) {
                            error(new ImportIssue(t.file(), t.line(), start == -1 ? "start_time" : end == -1 ? "end_time"
                                    : "headway_secs", "is required (a positive headway, start and end times)"));
                        }
                        continue;
                    }
                    if (end <= start) {
                        error(new ImportIssue(t.file(), t.line(), "end_time", "is not after start_time"));
                        continue;
                    }
                    trip.frequencyBased = true;
                    copy.text(id).number(start).number(end).number(headway).raw(String.valueOf("1".equals(t.get("exact_times"))))
                            .endRow();
                }
                counts.put("frequencies", copy.rows());
            }
        }

        void stopTimes(Connection c, GtfsTable t) throws SQLException {
            CopyRows copy = new CopyRows(c, "gtfs_stop_time_v" + version,
                    "trip_id, stop_sequence, stop_id, arrival, departure, headsign, pickup_type");
            try {
                while (t.next() && !tooManyErrors()) {
                    String tripId = t.get("trip_id");
                    TripRow trip = trips.get(tripId);
                    if (trip == null) {
                        error(new ImportIssue(t.file(), t.line(), "trip_id", tripId.isEmpty() ? "is required"
                                : "'" + tripId + "' is not a trip of trips.txt"));
                        continue;
                    }
                    String stopId = t.get("stop_id");
                    if (!stops.contains(stopId)) {
                        error(new ImportIssue(t.file(), t.line(), "stop_id", stopId.isEmpty() ? "is required"
                                : "'" + stopId + "' is not a stop of stops.txt"));
                        continue;
                    }
                    Integer seq = integer(t, "stop_sequence", null);
                    if (seq == null || seq < 0) {
                        error(new ImportIssue(t.file(), t.line(), "stop_sequence", "is required (a non-negative integer)"));
                        continue;
                    }
                    int arrival = time(t, "arrival_time");
                    int departure = time(t, "departure_time");
                    if (arrival == -2 || departure == -2) {
                        continue;
                    }
                    if (arrival < 0) {
                        arrival = departure;
                    }
                    if (departure < 0) {
                        departure = arrival;
                    }
                    if (departure >= 0 && departure < arrival) {
                        error(new ImportIssue(t.file(), t.line(), "departure_time", "is before arrival_time"));
                        continue;
                    }
                    if (departure < 0) {
                        untimed++;
                    }
                    trip.stopTimes++;
                    if (seq < trip.firstSeq) {
                        trip.firstSeq = seq;
                        trip.firstDeparture = departure;
                    }
                    if (seq > trip.lastSeq) {
                        trip.lastSeq = seq;
                        trip.lastArrival = arrival;
                    }
                    copy.text(tripId).number(seq).text(stopId).number(arrival).number(departure)
                            .text(t.optional("stop_headsign")).number(integer(t, "pickup_type", 0)).endRow();
                }
                copy.close();
                counts.put("stopTimes", copy.rows());
            } catch (RuntimeException | SQLException e) {
                copy.cancel();
                throw e;
            }
            for (Map.Entry<String, TripRow> e : trips.entrySet()) {
                TripRow trip = e.getValue();
                if (trip.stopTimes > 0 && (trip.firstDeparture < 0 || trip.lastArrival < 0)) {
                    error(new ImportIssue("stop_times.txt", 0, trip.firstDeparture < 0 ? "departure_time" : "arrival_time",
                            "trip '" + e.getKey() + "' needs times at its first and last stop"));
                }
            }
        }

        void writeTrips(Connection c) throws SQLException {
            try (CopyRows copy = new CopyRows(c, "gtfs_trip_v" + version, "trip_id, route_id, service_id, headsign, "
                    + "short_name, direction_id, first_seq, last_seq, first_departure, last_arrival, frequency_based")) {
                for (Map.Entry<String, TripRow> e : trips.entrySet()) {
                    TripRow trip = e.getValue();
                    if (trip.stopTimes < 2) {
                        warn(new ImportIssue("trips.txt", 0, "trip_id", "trip '" + e.getKey() + "' has "
                                + (trip.stopTimes == 0 ? "no stop times" : "a single stop time") + " and is left out"));
                        continue;
                    }
                    copy.text(e.getKey()).text(trip.routeId).text(trip.serviceId).text(trip.headsign).text(trip.shortName)
                            .number(trip.directionId).number(trip.firstSeq).number(trip.lastSeq)
                            .number(trip.firstDeparture).number(trip.lastArrival).raw(String.valueOf(trip.frequencyBased))
                            .endRow();
                }
                counts.put("trips", copy.rows());
            }
        }

        /** Stops without times (not timepoints) get times interpolated linearly between the timed stops around them. */
        void interpolate(Connection c) throws SQLException {
            String table = "gtfs_stop_time_v" + version;
            try (PreparedStatement s = c.prepareStatement("""
                    WITH bounds AS (
                      SELECT trip_id, stop_sequence, departure,
                             row_number() OVER (PARTITION BY trip_id ORDER BY stop_sequence) AS pos,
                             max(CASE WHEN departure >= 0 THEN stop_sequence END)
                                 OVER (PARTITION BY trip_id ORDER BY stop_sequence) AS prev_seq,
                             min(CASE WHEN departure >= 0 THEN stop_sequence END)
                                 OVER (PARTITION BY trip_id ORDER BY stop_sequence DESC) AS next_seq
                      FROM %1$s WHERE trip_id IN (SELECT trip_id FROM %1$s WHERE departure < 0)),
                    placed AS (
                      SELECT b.trip_id, b.stop_sequence, p.departure AS t0, n.arrival AS t1,
                             b.pos - pp.pos AS done, np.pos - pp.pos AS span
                      FROM bounds b
                      JOIN %1$s p ON p.trip_id = b.trip_id AND p.stop_sequence = b.prev_seq
                      JOIN %1$s n ON n.trip_id = b.trip_id AND n.stop_sequence = b.next_seq
                      JOIN bounds pp ON pp.trip_id = b.trip_id AND pp.stop_sequence = b.prev_seq
                      JOIN bounds np ON np.trip_id = b.trip_id AND np.stop_sequence = b.next_seq
                      WHERE b.departure < 0)
                    UPDATE %1$s st SET arrival = t0 + (t1 - t0) * done / span, departure = t0 + (t1 - t0) * done / span
                    FROM placed WHERE st.trip_id = placed.trip_id AND st.stop_sequence = placed.stop_sequence
                    """.formatted(table))) {
                s.executeUpdate();
            }
        }

        void progress(double fraction) {
            long now = System.nanoTime();
            if (now - lastBeat < 500_000_000L) {
                return;
            }
            lastBeat = now;
            jdbc.sql("UPDATE schedule_import SET progress = ?, heartbeat_at = ? WHERE id = ? AND status = 'RUNNING'")
                    .params((float) Math.min(0.99, fraction), Timestamp.from(clock.instant()), importId).update();
        }

        /** Counts what is read for the progress, and refuses an archive that unpacks to more than it declared. */
        private final class Progress extends FilterInputStream {
            Progress(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) throws IOException {
                readBytes += n;
                if (readBytes > settings.maxUnpacked().toBytes()) {
                    throw new ZipException("the archive unpacks to more than " + settings.maxUnpacked().toBytes() + " bytes");
                }
                progress(0.9 * readBytes / totalBytes);
            }
        }
    }
}
