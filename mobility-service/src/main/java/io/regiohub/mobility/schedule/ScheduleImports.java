package io.regiohub.mobility.schedule;

import io.regiohub.mobility.MobilityProperties;
import io.regiohub.mobility.feed.Feed;
import io.regiohub.starter.PeriodicTask;
import io.regiohub.starter.jdbc.Rows;
import io.regiohub.starter.web.HubProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedule imports of feeds: takes a GTFS zip (uploaded, or fetched by the poller), records the import
 * as {@code RUNNING} and hands it to {@link ScheduleImporter} on a small pool of its own; answers for
 * the status. Housekeeping fails imports whose instance stopped (no heartbeat) and drops schedule
 * versions that a newer one replaced.
 */
@Service
public class ScheduleImports implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ScheduleImports.class);

    private final JdbcClient jdbc;
    private final ScheduleImporter importer;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final MobilityProperties.Imports settings;
    private final Clock clock;
    private final ExecutorService pool;

    public ScheduleImports(JdbcClient jdbc, ScheduleImporter importer, DataSource dataSource, JsonMapper json,
                           MobilityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.importer = importer;
        this.dataSource = dataSource;
        this.json = json;
        this.settings = properties.imports();
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()),
                Thread.ofPlatform().name("schedule-import-", 0).daemon().factory());
    }

    public record ImportView(UUID id, UUID feedId, String status, double progress, String source, long sizeBytes,
                             Map<String, Long> counts, List<ImportIssue> errors, List<ImportIssue> warnings,
                             Instant startedAt, Instant finishedAt) {
    }

    /**
     * Starts an import of the zip in {@code body}: copied to a temporary file first (refused with 413
     * above the configured size), then run in the background. 409 while another import of the feed runs.
     */
    public ImportView start(Feed feed, InputStream body, String source) {
        Path zip;
        long size;
        try {
            zip = Files.createTempFile("gtfs-", ".zip");
            size = copyLimited(body, zip);
        } catch (IOException e) {
            throw new HubProblem(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable body",
                    "the request body could not be read: " + e.getMessage(), List.of());
        }
        if (size == 0) {
            delete(zip);
            throw HubProblem.invalidField("body", "is empty: send the GTFS zip as the request body");
        }
        return start(feed, zip, size, source);
    }

    /** Starts an import of a zip already on disk (the poller's download); the file is deleted afterwards. */
    public ImportView start(Feed feed, Path zip, long size, String source) {
        UUID id = UUID.randomUUID();
        long version = jdbc.sql("SELECT nextval('schedule_version')").query(Long.class).single();
        Instant now = clock.instant();
        try {
            jdbc.sql("""
                            INSERT INTO schedule_import (id, feed_id, municipality, version, status, source, size_bytes,
                                                         started_at, heartbeat_at)
                            VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?)""")
                    .params(id, feed.id(), feed.municipality(), version, source, size, Timestamp.from(now),
                            Timestamp.from(now)).update();
        } catch (DuplicateKeyException e) {
            delete(zip);
            UUID running = jdbc.sql("SELECT id FROM schedule_import WHERE feed_id = ? AND status = 'RUNNING'")
                    .param(feed.id()).query(UUID.class).optional().orElse(null);
            throw new HubProblem(HttpStatus.CONFLICT, "import-running", "Import running",
                    "feed " + feed.id() + " is importing a schedule already (" + running
                            + "); send the next one when it has finished", List.of());
        }
        pool.execute(() -> {
            try {
                importer.run(id, feed, version, zip);
            } finally {
                delete(zip);
            }
        });
        return find(id).orElseThrow();
    }

    private long copyLimited(InputStream in, Path target) throws IOException {
        long max = settings.maxSize().toBytes();
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > max) {
                    delete(target);
                    throw new HubProblem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Content too large",
                            "a GTFS zip may have at most " + max + " bytes", List.of(new HubProblem.FieldError("body",
                            "larger than " + max + " bytes")));
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete {}", file, e);
        }
    }

    private ImportView view(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ImportView(rs.getObject("id", UUID.class), rs.getObject("feed_id", UUID.class), rs.getString("status"),
                Math.round(rs.getFloat("progress") * 1000) / 1000.0, rs.getString("source"), rs.getLong("size_bytes"),
                json.readValue(rs.getString("counts"), new TypeReference<Map<String, Long>>() { }),
                json.readValue(rs.getString("errors"), new TypeReference<List<ImportIssue>>() { }),
                json.readValue(rs.getString("warnings"), new TypeReference<List<ImportIssue>>() { }),
                Rows.instant(rs.getTimestamp("started_at")), Rows.instant(rs.getTimestamp("finished_at")));
    }

    public Optional<ImportView> find(UUID id) {
        return jdbc.sql("SELECT * FROM schedule_import WHERE id = ?").param(id).query(this::view).optional();
    }

    /** The import that produced a schedule version (the one a feed serves). */
    public Optional<ImportView> ofVersion(long version) {
        return jdbc.sql("SELECT * FROM schedule_import WHERE version = ?").param(version).query(this::view).optional();
    }

    public String municipalityOf(UUID importId) {
        return jdbc.sql("SELECT municipality FROM schedule_import WHERE id = ?").param(importId).query(String.class)
                .optional().orElseThrow(() -> HubProblem.notFound("import", importId));
    }

    public List<ImportView> ofFeed(UUID feedId, int limit) {
        return jdbc.sql("SELECT * FROM schedule_import WHERE feed_id = ? ORDER BY started_at DESC LIMIT ?")
                .params(feedId, limit).query(this::view).list();
    }

    /** Fails imports whose instance stopped, and drops the tables of replaced or failed versions. */
    void housekeeping() {
        Instant now = clock.instant();
        List<Long> lost = jdbc.sql("""
                        UPDATE schedule_import SET status = 'FAILED', finished_at = ?, errors = ?::jsonb
                        WHERE status = 'RUNNING' AND heartbeat_at < ? RETURNING version""")
                .params(Timestamp.from(now), json.writeValueAsString(List.of(new ImportIssue("", 0, null,
                                "the instance running the import stopped before it finished; send the schedule again"))),
                        Timestamp.from(now.minus(settings.lostAfter()))).query(Long.class).list();
        List<Long> retire = jdbc.sql("""
                        SELECT i.version FROM schedule_import i
                        WHERE i.retired_at IS NULL AND i.status <> 'RUNNING'
                          AND NOT EXISTS (SELECT 1 FROM feed f WHERE f.active_version = i.version)
                          AND (i.status = 'FAILED' OR EXISTS (SELECT 1 FROM schedule_import newer
                                 WHERE newer.feed_id = i.feed_id AND newer.status = 'SUCCEEDED'
                                   AND newer.version > i.version AND newer.finished_at < ?))""")
                .param(Timestamp.from(now.minus(settings.keepReplacedFor()))).query(Long.class).list();
        for (long version : union(lost, retire)) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                ScheduleTables.retire(c, version);
                jdbc.sql("UPDATE schedule_import SET retired_at = ? WHERE version = ?")
                        .params(Timestamp.from(now), version).update();
                log.info("schedule version {} dropped", version);
            } catch (SQLException e) {
                log.warn("could not drop schedule version {}", version, e);
            }
        }
    }

    private static List<Long> union(List<Long> a, List<Long> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }

    @Configuration(proxyBeanMethods = false)
    static class Housekeeping {
        @Bean
        PeriodicTask scheduleHousekeeping(ScheduleImports imports) {
            return new PeriodicTask("schedule-housekeeping", Duration.ofSeconds(10), imports::housekeeping,
                    e -> log.warn("schedule housekeeping failed", e));
        }
    }
}
