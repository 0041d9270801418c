package io.regiohub.mobility.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.events.TopicCatalogue;
import io.regiohub.mobility.Gtfs;
import io.regiohub.mobility.MobilityApiTest;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Schedule imports: validated, bulk-loaded, activated atomically; a failed import leaves the serving schedule alone. */
class ScheduleImportTest extends MobilityApiTest {

    private static final LocalDate DAY = LocalDate.of(2026, 6, 3);

    @Test
    void googlesSampleFeedImportsWithItsCountsAndAnnouncesIt(HubInfrastructure infra) {
        UUID feed = registerFeed(frankfurt, FRANKFURT, unique("Demo Transit"));
        JsonNode result = importSchedule(frankfurt, feed, Gtfs.fixture("sample-feed-1.zip"));

        assertThat(result.path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(result.path("progress").asDouble()).isEqualTo(1.0);
        JsonNode counts = result.path("counts");
        assertThat(counts.path("agencies").asLong()).isEqualTo(1);
        assertThat(counts.path("stops").asLong()).isEqualTo(9);
        assertThat(counts.path("routes").asLong()).isEqualTo(5);
        assertThat(counts.path("trips").asLong()).isEqualTo(11);
        assertThat(counts.path("stopTimes").asLong()).isEqualTo(28);
        assertThat(counts.path("frequencies").asLong()).isEqualTo(11);
        assertThat(result.path("errors")).isEmpty();

        JsonNode view = anonymous.get("/api/mobility/feeds/" + feed).json();
        assertThat(view.path("timezone").asString()).isEqualTo("America/Los_Angeles");
        assertThat(view.path("scheduleActive").asBoolean()).isTrue();
        assertThat(view.path("sources").isNull()).as("sources only for the owner").isTrue();

        var events = PublishedEvents.read(infra, TopicCatalogue.MOBILITY_EVENTS, feed.toString(), 1);
        assertThat(events.getFirst().type()).isEqualTo("io.regiohub.mobility.schedule.imported.v1");
        assertThat(json(events.getFirst()).path("stopTimes").asLong()).isEqualTo(28);
        assertThat(json(events.getFirst()).path("firstServiceDay").asString()).isEqualTo("2007-01-01");
    }

    @Test
    void aDelfiSubsetImportsWithWarningsForReferencesOutsideTheFile() {
        UUID feed = registerFeed(frankfurt, FRANKFURT, unique("DELFI RE7"));
        JsonNode result = importSchedule(frankfurt, feed, Gtfs.fixture("delfi-minimal.zip"));

        assertThat(result.path("status").asString()).as(result.toString()).isEqualTo("SUCCEEDED");
        assertThat(result.path("counts").path("stopTimes").asLong()).isEqualTo(2);
        assertThat(result.path("warnings").toString())
                .contains("parent_station").contains("de0831690")
                .contains("frequencies.txt").contains("2507470876");
        JsonNode warning = result.path("warnings").get(0);
        assertThat(warning.path("file").asString()).isEqualTo("stops.txt");
        assertThat(warning.path("line").asLong()).isEqualTo(2);
    }

    @Test
    void realWorldQuirksAreReadAsTheSpecificationMeansThem() {
        UUID feed = feedWith(unique("Quirks"), Gtfs.zip(Gtfs.town(DAY.minusDays(3), DAY.plusDays(3))));

        assertThat(jdbc.sql("SELECT count(*) FROM gtfs_stop s JOIN feed f ON f.active_version = s.version WHERE f.id = ?"
                + " AND s.stop_id IN ('Hbf, Gleis 2', 'Süd \"C\"', 'de:06412:A')").param(feed).query(Long.class).single())
                .as("a BOM, quotes, commas and umlauts in ids").isEqualTo(3);
        assertThat(jdbc.sql("SELECT departure FROM gtfs_stop_time st JOIN feed f ON f.active_version = st.version "
                + "WHERE f.id = ? AND st.trip_id = 'T 2' AND st.stop_sequence = 1").param(feed).query(Integer.class)
                .single()).as("25:10:00").isEqualTo(25 * 3600 + 10 * 60);
    }

    @Test
    void aCorruptZipFailsWithAClearErrorAndTheServingScheduleStays() {
        UUID feed = feedWith(unique("Corrupt"), Gtfs.zip(Gtfs.town(DAY.minusDays(3), DAY.plusDays(3))));
        long serving = activeVersion(feed);

        byte[] zip = Gtfs.zip(Gtfs.town(DAY, DAY));
        byte[] corrupt = java.util.Arrays.copyOf(zip, zip.length / 2);
        JsonNode result = importSchedule(frankfurt, feed, corrupt);

        assertThat(result.path("status").asString()).isEqualTo("FAILED");
        assertThat(result.path("errors").get(0).path("reason").asString()).contains("zip");
        assertServing(feed, serving);
    }

    @Test
    void aZipWithoutStopTimesFailsNamingTheFile() {
        UUID feed = feedWith(unique("Missing"), Gtfs.zip(Gtfs.town(DAY.minusDays(3), DAY.plusDays(3))));
        long serving = activeVersion(feed);
        Map<String, String> files = new HashMap<>(Gtfs.town(DAY, DAY));
        files.remove("stop_times.txt");

        JsonNode result = importSchedule(frankfurt, feed, Gtfs.zip(files));

        assertThat(result.path("status").asString()).isEqualTo("FAILED");
        assertThat(result.path("errors").get(0).path("file").asString()).isEqualTo("stop_times.txt");
        assertThat(result.path("errors").get(0).path("reason").asString()).contains("required file is missing");
        assertServing(feed, serving);
    }

    @Test
    void danglingReferencesFailWithFileLineAndField() {
        UUID feed = feedWith(unique("Dangling"), Gtfs.zip(Gtfs.town(DAY.minusDays(3), DAY.plusDays(3))));
        long serving = activeVersion(feed);
        Map<String, String> files = new HashMap<>(Gtfs.town(DAY, DAY));
        files.put("stop_times.txt", files.get("stop_times.txt") + "\r\nT1,08:40:00,08:40:00,nowhere,9\r\nT9,9:00:00,9:00:00,D,1");

        JsonNode result = importSchedule(frankfurt, feed, Gtfs.zip(files));

        assertThat(result.path("status").asString()).isEqualTo("FAILED");
        JsonNode errors = result.path("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).path("file").asString()).isEqualTo("stop_times.txt");
        assertThat(errors.get(0).path("line").asLong()).isEqualTo(10);
        assertThat(errors.get(0).path("field").asString()).isEqualTo("stop_id");
        assertThat(errors.get(0).path("reason").asString()).contains("'nowhere' is not a stop");
        assertThat(errors.get(1).path("line").asLong()).isEqualTo(11);
        assertThat(errors.get(1).path("field").asString()).isEqualTo("trip_id");
        assertServing(feed, serving);

        Map<String, String> badRoute = new HashMap<>(Gtfs.town(DAY, DAY));
        badRoute.put("trips.txt", "route_id,service_id,trip_id\r\nr:S9,daily,T1\r\nr:S1,nightly,T 2");
        JsonNode second = importSchedule(frankfurt, feed, Gtfs.zip(badRoute));
        assertThat(second.path("errors").toString()).contains("'r:S9' is not a route").contains("'nightly' is not a service");
        assertServing(feed, serving);
    }

    @Test
    void malformedTimesAndDuplicateIdsAreErrors() {
        UUID feed = registerFeed(frankfurt, FRANKFURT, unique("Malformed"));
        Map<String, String> files = new HashMap<>(Gtfs.town(DAY, DAY));
        files.put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                + "T1,8:00,8:00:00,D,1\nT1,8:10:00,8:10:00,D,1\nT1,8:20:00,8:20:00,D,2\n"
                + "T 2,9:00:00,9:00:00,D,1\nT 2,9:10:00,9:10:00,D,2\n");
        JsonNode result = importSchedule(frankfurt, feed, Gtfs.zip(files));
        assertThat(result.path("status").asString()).isEqualTo("FAILED");
        assertThat(result.path("errors").get(0).path("field").asString()).isEqualTo("arrival_time");
        assertThat(result.path("errors").get(0).path("line").asLong()).isEqualTo(2);

        files.put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                + "T1,8:10:00,8:10:00,D,1\nT1,8:20:00,8:20:00,D,1\nT1,8:30:00,8:30:00,D,2\n"
                + "T 2,9:00:00,9:00:00,D,1\nT 2,9:10:00,9:10:00,D,2\n");
        JsonNode duplicate = importSchedule(frankfurt, feed, Gtfs.zip(files));
        assertThat(duplicate.path("status").asString()).isEqualTo("FAILED");
        assertThat(duplicate.path("errors").toString()).contains("trip 'T1' has stop_sequence 1 more than once");
        assertThat(anonymous.get("/api/mobility/feeds/" + feed).json().path("scheduleActive").asBoolean()).isFalse();
    }

    @Test
    void uploadsAreTheOwnersOnlyAndAnEmptyBodyIsRefused() {
        UUID feed = registerFeed(frankfurt, FRANKFURT, unique("Owner"));
        byte[] zip = Gtfs.zip(Gtfs.town(DAY, DAY));

        assertThat(anonymous.send("POST", "/api/mobility/feeds/" + feed + "/schedule", "application/zip", zip).status())
                .isEqualTo(401);
        Problems.assertProblem(kassel.send("POST", "/api/mobility/feeds/" + feed + "/schedule", "application/zip", zip),
                403, "forbidden");
        Problems.assertInvalid(frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/schedule", "application/zip",
                new byte[0]), "body");
        Problems.assertProblem(frankfurt.send("POST", "/api/mobility/feeds/" + UUID.randomUUID() + "/schedule",
                "application/zip", zip), 404, "not-found");
        assertThat(jdbc.sql("SELECT count(*) FROM schedule_import WHERE feed_id = ?").param(feed).query(Long.class).single())
                .isZero();

        String importId = importSchedule(frankfurt, feed, zip).path("id").asString();
        Problems.assertProblem(kassel.get("/api/mobility/imports/" + importId), 403, "forbidden");
        assertThat(anonymous.withToken(io.regiohub.test.TestTokens.get().programmeOffice())
                .get("/api/mobility/imports/" + importId).status()).isEqualTo(200);
    }

    @Test
    void aReplacedScheduleVersionIsDroppedWhole() {
        UUID feed = feedWith(unique("Replaced"), Gtfs.zip(Gtfs.town(DAY, DAY)));
        long first = activeVersion(feed);
        importSchedule(frankfurt, feed, Gtfs.zip(Gtfs.town(DAY, DAY.plusDays(1))));
        assertThat(activeVersion(feed)).isGreaterThan(first);

        jdbc.sql("UPDATE schedule_import SET finished_at = finished_at - interval '1 hour' WHERE feed_id = ?").param(feed)
                .update();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT retired_at IS NOT NULL FROM schedule_import WHERE version = ?").param(first)
                .query(Boolean.class).single());
        assertThat(jdbc.sql("SELECT count(*) FROM pg_class WHERE relname LIKE ?").param("gtfs_%_v" + first)
                .query(Long.class).single()).as("every table of the replaced version").isZero();
        assertServing(feed, activeVersion(feed));
    }

    private long activeVersion(UUID feed) {
        return jdbc.sql("SELECT active_version FROM feed WHERE id = ?").param(feed).query(Long.class).single();
    }

    private void assertServing(UUID feed, long version) {
        assertThat(activeVersion(feed)).as("the previous schedule keeps serving").isEqualTo(version);
        JsonNode board = board(feed, "de:06412:A", DAY + "T07:00:00+02:00", "PT2H");
        assertThat(board.path("departures")).isNotEmpty();
    }
}
