package io.regiohub.mobility.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.mobility.Gtfs;
import io.regiohub.mobility.MobilityApiTest;
import io.regiohub.test.Problems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Departure boards from the schedule: calendars, exceptions, frequencies, times past midnight, daylight saving. */
class DepartureBoardTest extends MobilityApiTest {

    private static List<String> field(JsonNode board, String name) {
        List<String> values = new ArrayList<>();
        board.path("departures").forEach(d -> values.add(d.path(name).asString()));
        return values;
    }

    @Test
    void googlesSampleFeedServesFrequenciesCalendarsAndExceptionsInTheAgencysZone() {
        UUID feed = feedWith(unique("Demo Transit"), Gtfs.fixture("sample-feed-1.zip"));

        // Tuesday 5 June 2007: FULLW runs; STBA every 30 min and CITY1 by frequencies
        JsonNode board = board(feed, "STAGECOACH", "2007-06-05T06:00:00-07:00", "PT1H");
        assertThat(board.path("timezone").asString()).isEqualTo("America/Los_Angeles");
        assertThat(field(board, "scheduledDeparture")).containsExactly(
                "2007-06-05T06:00:00-07:00", "2007-06-05T06:00:00-07:00", "2007-06-05T06:30:00-07:00",
                "2007-06-05T06:30:00-07:00", "2007-06-05T07:00:00-07:00", "2007-06-05T07:00:00-07:00");
        assertThat(field(board, "tripId")).containsOnly("CITY1", "STBA");
        JsonNode first = board.path("departures").get(0);
        assertThat(first.path("frequencyBased").asBoolean()).isTrue();
        assertThat(first.path("realtime").asBoolean()).isFalse();
        assertThat(first.path("routeShortName").asString()).isIn("40", "30");

        // Monday 4 June 2007: calendar_dates removes FULLW
        assertThat(board(feed, "STAGECOACH", "2007-06-04T06:00:00-07:00", "PT1H").path("departures")).isEmpty();
        // Saturday: WE runs AAMV1 at 08:00 from the airport, FULLW AB1 too; AB2 ends there (no departure)
        JsonNode saturday = board(feed, "BEATTY_AIRPORT", "2007-06-09T07:30:00-07:00", "PT1H");
        assertThat(field(saturday, "tripId")).containsExactlyInAnyOrder("AAMV1", "AB1");
        // a weekday: only AB1
        assertThat(field(board(feed, "BEATTY_AIRPORT", "2007-06-05T07:30:00-07:00", "PT1H"), "tripId"))
                .containsExactly("AB1");
    }

    @Test
    void aTripAfterMidnightDepartsOnTheNextCalendarDayOfItsServiceDay() {
        LocalDate day = LocalDate.of(2026, 6, 3);
        UUID feed = feedWith(unique("Night"), Gtfs.zip(Gtfs.town(day, day)));

        JsonNode board = board(feed, "de:06412:A", "2026-06-04T00:30:00+02:00", "PT2H");
        assertThat(field(board, "tripId")).containsExactly("T 2");
        JsonNode night = board.path("departures").get(0);
        assertThat(night.path("scheduledDeparture").asString()).isEqualTo("2026-06-04T01:10:00+02:00");
        assertThat(night.path("serviceDate").asString()).isEqualTo("2026-06-03");
        assertThat(night.path("headsign").asString()).isEqualTo("Endstation, Nacht");
        // the service ends on 3 June: no night trip of 4 June after midnight of the 5th
        assertThat(board(feed, "de:06412:A", "2026-06-05T00:30:00+02:00", "PT2H").path("departures")).isEmpty();
        // any characters in ids: the stop may also be named by a query parameter (a slash cannot travel in a path)
        var byQuery = anonymous.get("/api/mobility/feeds/" + feed + "/departures?stop=" + Gtfs.encode("de:06412:A")
                + "&at=" + Gtfs.encode("2026-06-04T00:30:00+02:00") + "&window=PT2H");
        assertThat(byQuery.json().path("departures").get(0).path("tripId").asString()).isEqualTo("T 2");
        // the last stop of a trip is an arrival, not a departure
        assertThat(board(feed, "D", "2026-06-03T08:00:00+02:00", "PT1H").path("departures")).isEmpty();
    }

    @Test
    void onTheDaysClocksChangeTimesCountFromNoonMinusTwelveHours() {
        LocalDate spring = LocalDate.of(2026, 3, 29);
        LocalDate autumn = LocalDate.of(2026, 10, 25);
        Map<String, String> files = new HashMap<>(Gtfs.town(spring.minusDays(1), autumn));
        UUID feed = feedWith(unique("DST"), Gtfs.zip(files));

        assertThat(field(board(feed, "de:06412:A", "2026-03-28T07:00:00+01:00", "PT2H"), "scheduledDeparture"))
                .containsExactly("2026-03-28T08:00:00+01:00");
        assertThat(field(board(feed, "de:06412:A", "2026-03-29T07:00:00+02:00", "PT2H"), "scheduledDeparture"))
                .containsExactly("2026-03-29T08:00:00+02:00");
        // the night trip of 28 March, 25:10:00 counted from 28 March 23:00 CET (noon minus 12h): 01:10 CET
        assertThat(field(board(feed, "de:06412:A", "2026-03-29T00:00:00+01:00", "PT2H"), "scheduledDeparture"))
                .containsExactly("2026-03-29T01:10:00+01:00");
        // autumn: 25 October starts at 00:00 CEST = noon CET minus 12h minus one hour
        assertThat(field(board(feed, "de:06412:A", "2026-10-25T07:00:00+01:00", "PT2H"), "scheduledDeparture"))
                .containsExactly("2026-10-25T08:00:00+01:00");
    }

    @Test
    void aDelfiFeedServesItsStopsWithCalendarDates() {
        UUID feed = feedWith(unique("RE7"), Gtfs.fixture("delfi-minimal.zip"));

        JsonNode tuesday = board(feed, "de0831690112", "2024-06-04T05:00:00+02:00", "PT2H");
        assertThat(field(tuesday, "scheduledDeparture")).containsExactly("2024-06-04T05:50:00+02:00");
        assertThat(field(tuesday, "routeShortName")).containsExactly("RE7");
        assertThat(field(tuesday, "headsign")).containsExactly("Basel Bad Bf");
        assertThat(tuesday.path("stop").path("name").asString()).isEqualTo("Emmendingen Bahnhof");
        // 20 May 2024 is removed, Sunday 26 May added
        assertThat(board(feed, "de0831690112", "2024-05-20T05:00:00+02:00", "PT2H").path("departures")).isEmpty();
        assertThat(board(feed, "de0831690112", "2024-05-26T05:00:00+02:00", "PT2H").path("departures")).hasSize(1);
    }

    @Test
    void stopsAreFoundByNamePrefixAndByDistance() {
        UUID feed = feedWith(unique("Search"), Gtfs.zip(Gtfs.town(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 30))));

        var byName = anonymous.get("/api/mobility/feeds/" + feed + "/stops?q=" + Gtfs.encode("hauptb gleis"));
        assertThat(byName.status()).isEqualTo(200);
        assertThat(byName.json().get(0).path("id").asString()).isEqualTo("Hbf, Gleis 2");

        var near = anonymous.get("/api/mobility/feeds/" + feed + "/stops?near=50.1140,8.6790&radius=1500").json();
        assertThat(near.get(0).path("id").asString()).isEqualTo("de:06412:A");
        assertThat(near.get(0).path("distanceMetres").asDouble()).isLessThan(50);
        assertThat(near).hasSize(2);
    }

    @Test
    void badParametersAreNamedAndUnknownThingsAre404() {
        UUID feed = feedWith(unique("Bad"), Gtfs.zip(Gtfs.town(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 30))));
        String base = "/api/mobility/feeds/" + feed + "/stops/D/departures";

        var fresh = anonymous.get(base + "?window=PT1H");
        assertThat(fresh.header("Cache-Control")).as("a board may be reused a few seconds, by anyone")
                .isEqualTo("max-age=5, public, stale-while-revalidate=5");
        Problems.assertInvalid(anonymous.get(base + "?at=yesterday"), "at");
        Problems.assertInvalid(anonymous.get(base + "?window=an-hour"), "window");
        Problems.assertInvalid(anonymous.get(base + "?window=P30D"), "window");
        Problems.assertProblem(anonymous.get("/api/mobility/feeds/" + feed + "/stops/nowhere/departures"), 404, "not-found");
        Problems.assertProblem(anonymous.get("/api/mobility/feeds/" + UUID.randomUUID() + "/stops/D/departures"), 404,
                "not-found");
        Problems.assertInvalid(anonymous.get("/api/mobility/feeds/" + feed + "/stops?near=north"), "near");
        Problems.assertInvalid(anonymous.get("/api/mobility/feeds/" + feed + "/stops"), "q");
        assertThat(anonymous.get("/api/mobility/feeds/not-a-uuid/stops/D/departures").status()).isEqualTo(400);
    }
}
