package io.regiohub.mobility.feed;

import io.regiohub.mobility.MobilityProperties;
import io.regiohub.mobility.realtime.RealtimeFeeds;
import io.regiohub.mobility.schedule.ScheduleImports;
import io.regiohub.starter.PeriodicTask;
import io.regiohub.starter.web.HubProblem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Polls the URLs of feeds: each source when it is due, claimed with {@code FOR UPDATE SKIP LOCKED} so
 * that one instance fetches it; conditional requests ({@code If-None-Match} with the last ETag,
 * {@code If-Modified-Since}) so an unchanged feed costs a 304; a schedule starts an import, a realtime
 * feed is applied. Failures back off exponentially (interval × 2^failures, at most {@code max-back-off});
 * the URL is checked by {@link UrlGuard} before every fetch and redirects are not followed.
 */
@Component
public class FeedPoller {

    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);

    private record Due(UUID feedId, FeedSourceKind kind, String url, String etag, String lastModified, int failures,
                       int interval) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final UrlGuard guard;
    private final FeedService feeds;
    private final ScheduleImports imports;
    private final RealtimeFeeds realtime;
    private final MobilityProperties properties;
    private final Clock clock;
    private final HttpClient http;

    public FeedPoller(JdbcClient jdbc, TransactionTemplate tx, UrlGuard guard, FeedService feeds, ScheduleImports imports,
                      RealtimeFeeds realtime, MobilityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.guard = guard;
        this.feeds = feeds;
        this.imports = imports;
        this.realtime = realtime;
        this.properties = properties;
        this.clock = clock;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.fetch().timeout()).build();
    }

    /** Fetches every source that is due (at most 20 per round). */
    public void pollDue() {
        Instant now = clock.instant();
        List<Due> due = tx.execute(s -> {
            List<Due> claimed = jdbc.sql("""
                            SELECT fs.feed_id, fs.kind, fs.url, fs.etag, fs.last_modified, fs.failures, f.poll_interval_s
                            FROM feed_source fs JOIN feed f ON f.id = fs.feed_id
                            WHERE fs.next_fetch_at <= ? ORDER BY fs.next_fetch_at LIMIT 20 FOR UPDATE OF fs SKIP LOCKED""")
                    .param(Timestamp.from(now))
                    .query((rs, n) -> new Due(rs.getObject(1, UUID.class), FeedSourceKind.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7))).list();
            for (Due d : claimed) {
                // claimed until the fetch has finished or timed out; the outcome sets the real next time
                jdbc.sql("UPDATE feed_source SET next_fetch_at = ? WHERE feed_id = ? AND kind = ?")
                        .params(Timestamp.from(now.plus(properties.fetch().timeout().multipliedBy(6))), d.feedId(),
                                d.kind().name()).update();
            }
            return claimed;
        });
        for (Due d : due) {
            fetch(d);
        }
    }

    private void fetch(Due d) {
        Instant now = clock.instant();
        String refused = guard.refusal(d.url()).orElse(null);
        if (refused != null) {
            failed(d, now, "URL refused: " + refused);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url())).timeout(properties.fetch().timeout())
                .header("User-Agent", "RegioHub mobility-service").GET();
        if (d.etag() != null) {
            request.header("If-None-Match", d.etag());
        }
        if (d.lastModified() != null) {
            request.header("If-Modified-Since", d.lastModified());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 304) {
                    succeeded(d, now, d.etag(), d.lastModified(), false);
                    return;
                }
                if (response.statusCode() != 200) {
                    failed(d, now, "HTTP " + response.statusCode());
                    return;
                }
                Feed feed = feeds.get(d.feedId());
                if (d.kind() == FeedSourceKind.SCHEDULE) {
                    Path zip = Files.createTempFile("gtfs-poll-", ".zip");
                    long size = Files.copy(body, zip, StandardCopyOption.REPLACE_EXISTING);
                    imports.start(feed, zip, size, "POLL " + d.url());
                } else {
                    byte[] bytes = body.readNBytes((int) properties.realtime().maxSize().toBytes() + 1);
                    if (bytes.length > properties.realtime().maxSize().toBytes()) {
                        failed(d, now, "message larger than " + properties.realtime().maxSize());
                        return;
                    }
                    realtime.apply(feed, RealtimeFeeds.decode(bytes), d.kind());
                }
                succeeded(d, now, response.headers().firstValue("ETag").orElse(null),
                        response.headers().firstValue("Last-Modified").orElse(null), true);
            }
        } catch (HubProblem e) {
            failed(d, now, e.getMessage());
        } catch (IOException | RuntimeException e) {
            failed(d, now, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void succeeded(Due d, Instant now, String etag, String lastModified, boolean changed) {
        jdbc.sql("""
                        UPDATE feed_source SET etag = ?, last_modified = ?, last_fetched_at = ?, failures = 0, last_error = NULL,
                            last_changed_at = CASE WHEN ? THEN ? ELSE last_changed_at END, next_fetch_at = ?
                        WHERE feed_id = ? AND kind = ?""")
                .params(etag, lastModified, Timestamp.from(now), changed, Timestamp.from(now),
                        Timestamp.from(now.plusSeconds(d.interval())), d.feedId(), d.kind().name()).update();
    }

    /** Backs off: interval × 2^failures, at most {@code max-back-off}. */
    static Duration backOff(int interval, int failures, Duration max) {
        long seconds = (long) interval << Math.min(20, failures);
        return seconds > max.toSeconds() ? max : Duration.ofSeconds(seconds);
    }

    private void failed(Due d, Instant now, String error) {
        log.info("fetching {} of feed {} failed ({} in a row): {}", d.kind(), d.feedId(), d.failures() + 1, error);
        jdbc.sql("""
                        UPDATE feed_source SET last_fetched_at = ?, failures = failures + 1, last_error = ?, next_fetch_at = ?
                        WHERE feed_id = ? AND kind = ?""")
                .params(Timestamp.from(now), error.length() > 500 ? error.substring(0, 500) : error,
                        Timestamp.from(now.plus(backOff(d.interval(), d.failures() + 1, properties.fetch().maxBackOff()))),
                        d.feedId(), d.kind().name()).update();
    }

    @Configuration(proxyBeanMethods = false)
    static class Schedule {
        @Bean
        PeriodicTask feedPolling(FeedPoller poller, MobilityProperties properties) {
            return new PeriodicTask("feed-polling", properties.fetch().checkInterval(), poller::pollDue,
                    e -> log.warn("feed polling failed", e));
        }
    }
}
