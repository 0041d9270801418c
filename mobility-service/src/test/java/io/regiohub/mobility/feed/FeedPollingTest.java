package io.regiohub.mobility.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.regiohub.mobility.Gtfs;
import io.regiohub.mobility.MobilityApiTest;
import io.regiohub.mobility.Rt;
import io.regiohub.test.HttpJson;
import io.regiohub.test.Problems;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feeds polled from their URLs: conditional requests, imports and realtime from what is fetched, back-off on failure. */
class FeedPollingTest extends MobilityApiTest {

    private final LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin"));
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws IOException {
        byte[] zip = Gtfs.zip(Gtfs.town(today.minusDays(1), today.plusDays(1)));
        byte[] tripUpdates = Rt.message(Instant.now(), Rt.canceled("T1", today));
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/gtfs.zip", exchange -> {
            String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
            requests.add("gtfs If-None-Match=" + inm);
            if ("\"v1\"".equals(inm)) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().add("ETag", "\"v1\"");
                exchange.sendResponseHeaders(200, zip.length);
                exchange.getResponseBody().write(zip);
            }
            exchange.close();
        });
        server.createContext("/trip-updates", exchange -> {
            requests.add("trip-updates");
            exchange.sendResponseHeaders(200, tripUpdates.length);
            exchange.getResponseBody().write(tripUpdates);
            exchange.close();
        });
        server.createContext("/alerts", exchange -> {
            requests.add("alerts");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        base = "http://localhost:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aPolledFeedImportsItsScheduleAppliesItsRealtimeAndAsksConditionallyAfterwards() {
        var registered = frankfurt.post("/api/mobility/municipalities/" + FRANKFURT + "/feeds", HttpJson.toJson(Map.of(
                "name", unique("Polled"), "scheduleUrl", base + "/gtfs.zip", "tripUpdatesUrl", base + "/trip-updates",
                "alertsUrl", base + "/alerts", "pollIntervalSeconds", 5)));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        UUID feed = UUID.fromString(registered.json().path("id").asString());

        await().atMost(Duration.ofSeconds(30)).until(() ->
                anonymous.get("/api/mobility/feeds/" + feed).json().path("scheduleActive").asBoolean());
        // realtime is matched against the schedule: applied once the schedule serves
        jdbc.sql("UPDATE feed_source SET next_fetch_at = now() WHERE feed_id = ?").param(feed).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM realtime_trip WHERE feed_id = ? AND relationship = 'CANCELED'").param(feed)
                .query(Long.class).single() == 1);
        assertThat(requests).contains("gtfs If-None-Match=\"v1\"");
        assertThat(jdbc.sql("SELECT count(*) FROM schedule_import WHERE feed_id = ?").param(feed).query(Long.class).single())
                .as("an unchanged schedule (304) is not imported again").isEqualTo(1);

        var sources = frankfurt.get("/api/mobility/feeds/" + feed).json().path("sources");
        var alerts = java.util.stream.StreamSupport.stream(sources.spliterator(), false)
                .filter(s -> s.path("kind").asString().equals("ALERTS")).findFirst().orElseThrow();
        assertThat(alerts.path("failures").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(alerts.path("lastError").asString()).contains("503");
        assertThat(Instant.parse(alerts.path("nextFetchAt").asString()))
                .as("backed off beyond the interval").isAfter(Instant.parse(alerts.path("lastFetchedAt").asString())
                        .plusSeconds(9));
        assertThat(kassel.get("/api/mobility/feeds/" + feed).json().path("sources").isNull())
                .as("the URLs may carry an operator's key").isTrue();
    }

    @Test
    void urlsOtherThanHttpToAllowedHostsAreRefusedAtRegistration() {
        var refused = frankfurt.post("/api/mobility/municipalities/" + FRANKFURT + "/feeds", HttpJson.toJson(Map.of(
                "name", unique("Refused"), "scheduleUrl", "file:///etc/passwd", "alertsUrl", "https://evil.example/alerts")));
        Problems.assertProblem(refused, 422, "url-not-allowed");
        assertThat(refused.body()).contains("scheduleUrl").contains("alertsUrl");
        assertThat(jdbc.sql("SELECT count(*) FROM feed WHERE name LIKE 'Refused%'").query(Long.class).single()).isZero();
        Problems.assertProblem(kassel.post("/api/mobility/municipalities/" + FRANKFURT + "/feeds",
                HttpJson.toJson(Map.of("name", "Fremd"))), 403, "forbidden");
        Problems.assertInvalid(frankfurt.post("/api/mobility/municipalities/" + FRANKFURT + "/feeds",
                HttpJson.toJson(Map.of("name", "x", "pollIntervalSeconds", 1))), "pollIntervalSeconds");
    }

    @Test
    void registeringTheSameFeedAgainReturnsItAndOtherSourcesAreAConflict() {
        String name = unique("Twice");
        String body = HttpJson.toJson(Map.of("name", name, "tripUpdatesUrl", base + "/trip-updates"));
        var first = frankfurt.post("/api/mobility/municipalities/" + FRANKFURT + "/feeds", body);
        var again = frankfurt.post("/api/mobility/municipalities/" + FRANKFURT + "/feeds", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        Problems.assertProblem(frankfurt.post("/api/mobility/municipalities/" + FRANKFURT + "/feeds",
                HttpJson.toJson(Map.of("name", name, "tripUpdatesUrl", base + "/other"))), 409, "conflict");
    }
}
