package io.regiohub.mobility.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.transit.realtime.GtfsRealtime;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.mobility.Gtfs;
import io.regiohub.mobility.MobilityApiTest;
import io.regiohub.mobility.Rt;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GTFS-Realtime on the town feed (S1: A 08:00 seq 1, "Hbf, Gleis 2" 08:10 seq 2, Süd "C" 08:20 seq 5,
 * D 08:30 seq 7), running every day around today, with realtime data timestamped now.
 */
class RealtimeTest extends MobilityApiTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String A = "de:06412:A";
    private static final String HBF = "Hbf, Gleis 2";
    private static final String SUED = "Süd \"C\"";

    private final LocalDate today = LocalDate.now(BERLIN);

    private UUID townFeed() {
        return feedWith(unique("Town"), Gtfs.zip(Gtfs.town(today.minusDays(3), today.plusDays(3))));
    }

    private JsonNode push(UUID feed, byte[] message) {
        var r = frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/realtime", "application/x-protobuf", message);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode t1At(UUID feed, String stop) {
        JsonNode board = board(feed, stop, today + "T07:00:00+0" + offsetHours() + ":00", "PT3H");
        for (JsonNode d : board.path("departures")) {
            if (d.path("tripId").asString().equals("T1")) {
                return d;
            }
        }
        throw new AssertionError("no T1 at " + stop + ": " + board);
    }

    private int offsetHours() {
        return BERLIN.getRules().getOffset(today.atTime(8, 0)).getTotalSeconds() / 3600;
    }

    private Instant local(int hour, int minute) {
        return today.atTime(hour, minute).atZone(BERLIN).toInstant();
    }

    @Test
    void aDelayPropagatesAlongTheTripButNotBackwards() {
        UUID feed = townFeed();
        JsonNode applied = push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(2, 300))));
        assertThat(applied.path("matched").asInt()).isEqualTo(1);

        JsonNode a = t1At(feed, A);
        assertThat(a.path("realtime").asBoolean()).as("before the first update").isFalse();
        assertThat(a.path("predictedDeparture").isNull()).isTrue();
        JsonNode hbf = t1At(feed, HBF);
        assertThat(hbf.path("realtime").asBoolean()).isTrue();
        assertThat(hbf.path("delaySeconds").asInt()).isEqualTo(300);
        assertThat(hbf.path("predictedDeparture").asString()).isEqualTo(today + "T08:15:00+0" + offsetHours() + ":00");
        JsonNode sued = t1At(feed, SUED);
        assertThat(sued.path("delaySeconds").asInt()).as("propagated").isEqualTo(300);
        assertThat(sued.path("predictedDeparture").asString()).isEqualTo(today + "T08:25:00+0" + offsetHours() + ":00");
    }

    @Test
    void aSkippedStopIsMarkedAndTheDelayPropagatesOverIt() {
        UUID feed = townFeed();
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(1, 120), Rt.skipped(2))));

        JsonNode hbf = t1At(feed, HBF);
        assertThat(hbf.path("skipped").asBoolean()).isTrue();
        assertThat(hbf.path("predictedDeparture").isNull()).isTrue();
        JsonNode sued = t1At(feed, SUED);
        assertThat(sued.path("skipped").asBoolean()).isFalse();
        assertThat(sued.path("delaySeconds").asInt()).isEqualTo(120);
    }

    @Test
    void noDataEndsThePredictionsFromItsStopOn() {
        UUID feed = townFeed();
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(1, 60), Rt.noData(2))));

        assertThat(t1At(feed, A).path("delaySeconds").asInt()).isEqualTo(60);
        assertThat(t1At(feed, HBF).path("realtime").asBoolean()).isFalse();
        assertThat(t1At(feed, SUED).path("realtime").asBoolean()).isFalse();
    }

    @Test
    void absoluteTimesBecomeDelaysAgainstTheSchedule() {
        UUID feed = townFeed();
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.departsAt(SUED, local(8, 27)))));

        assertThat(t1At(feed, SUED).path("delaySeconds").asInt()).isEqualTo(420);
    }

    @Test
    void aCancelledTripIsFlaggedEverywhereAndAnnouncedOnce(HubInfrastructure infra) {
        UUID feed = townFeed();
        push(feed, Rt.message(Instant.now(), Rt.canceled("T1", today)));
        push(feed, Rt.message(Instant.now(), Rt.canceled("T1", today)));

        assertThat(t1At(feed, A).path("canceled").asBoolean()).isTrue();
        assertThat(t1At(feed, HBF).path("canceled").asBoolean()).isTrue();
        String key = feed + "/T1/" + today;
        var events = PublishedEvents.read(infra, TopicCatalogue.MOBILITY_EVENTS, key, 1);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().type()).isEqualTo("io.regiohub.mobility.trip.cancelled.v1");
        assertThat(jdbc.sql("SELECT count(*) FROM realtime_announcement WHERE feed_id = ? AND kind = 'CANCELLED'")
                .param(feed).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSignificantDelayIsAnnouncedOncePerTripInstance(HubInfrastructure infra) {
        UUID feed = townFeed();
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(2, 240))));
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(2, 600))));
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(2, 900))));

        String key = feed + "/T1/" + today;
        var events = PublishedEvents.read(infra, TopicCatalogue.MOBILITY_EVENTS, key, 1);
        assertThat(events).extracting(PublishedEvents.Published::type).containsExactly("io.regiohub.mobility.trip.delayed.v1");
        JsonNode delayed = json(events.getFirst());
        assertThat(delayed.path("delaySeconds").asInt()).isEqualTo(600);
        assertThat(delayed.path("stopId").asString()).isEqualTo(HBF);
        assertThat(delayed.path("thresholdSeconds").asInt()).isEqualTo(300);
    }

    @Test
    void anAddedTripAppearsAtItsStops() {
        UUID feed = townFeed();
        GtfsRealtime.FeedEntity added = Rt.tripUpdate(Rt.trip("Extra 1", today)
                        .setRouteId("r:S1").setScheduleRelationship(GtfsRealtime.TripDescriptor.ScheduleRelationship.ADDED),
                Rt.departsAt(HBF, local(9, 0)), Rt.departsAt("D", local(9, 20)));
        assertThat(push(feed, Rt.message(Instant.now(), added)).path("added").asInt()).isEqualTo(1);

        JsonNode board = board(feed, HBF, today + "T08:30:00+0" + offsetHours() + ":00", "PT1H");
        JsonNode extra = board.path("departures").get(0);
        assertThat(extra.path("tripId").asString()).isEqualTo("Extra 1");
        assertThat(extra.path("added").asBoolean()).isTrue();
        assertThat(extra.path("routeShortName").asString()).isEqualTo("S1");
        assertThat(extra.path("scheduledDeparture").isNull()).isTrue();
        assertThat(extra.path("predictedDeparture").asString()).isEqualTo(today + "T09:00:00+0" + offsetHours() + ":00");
    }

    @Test
    void withoutAStartDateTheServiceDayNearestTheFeedsTimestampIsMatched() {
        UUID feed = townFeed();
        Instant tomorrowMorning = today.plusDays(1).atTime(8, 5).atZone(BERLIN).toInstant();
        push(feed, Rt.message(tomorrowMorning, Rt.tripUpdate(Rt.trip("T1", null), Rt.delay(2, 60))));
        assertThat(jdbc.sql("SELECT service_date FROM realtime_trip WHERE feed_id = ?").param(feed)
                .query(LocalDate.class).single()).isEqualTo(today.plusDays(1));

        Instant yesterdayNight = today.atTime(0, 50).atZone(BERLIN).toInstant();
        push(feed, Rt.message(yesterdayNight, Rt.tripUpdate(Rt.trip("T 2", null), Rt.delay(2, 60))));
        assertThat(jdbc.sql("SELECT service_date FROM realtime_trip WHERE feed_id = ?").param(feed)
                .query(LocalDate.class).single()).as("25:10 of yesterday's service").isEqualTo(today.minusDays(1));
    }

    @Test
    void realtimeDataOlderThanItsTimeToLiveFallsBackToTheScheduleFlagged() {
        UUID feed = townFeed();
        Instant old = Instant.now().minusSeconds(600);
        push(feed, Rt.message(old, Rt.tripUpdate(Rt.trip("T1", today), old, Rt.delay(1, 300))));

        JsonNode a = t1At(feed, A);
        assertThat(a.path("realtime").asBoolean()).isFalse();
        assertThat(a.path("realtimeExpired").asBoolean()).isTrue();
        assertThat(a.path("predictedDeparture").isNull()).isTrue();
    }

    @Test
    void alertsAreRaisedShownOnTheirDeparturesAndClearedWhenTheyLeaveTheFeed(HubInfrastructure infra) {
        UUID feed = townFeed();
        JsonNode applied = push(feed, Rt.message(Instant.now(), Rt.alert("bau-1", "r:S1", null,
                today.atStartOfDay(BERLIN).toInstant(), null, "Umleitung wegen Bauarbeiten")));
        assertThat(applied.path("alertsRaised").asInt()).isEqualTo(1);

        JsonNode a = t1At(feed, A);
        assertThat(a.path("alerts").get(0).path("header").asString()).isEqualTo("Umleitung wegen Bauarbeiten");
        assertThat(a.path("alerts").get(0).path("effect").asString()).isEqualTo("DETOUR");
        assertThat(anonymous.get("/api/mobility/feeds/" + feed + "/alerts").json()).hasSize(1);

        push(feed, Rt.message(Instant.now(), Rt.alert("bau-1", "r:S1", null, null, null, "Umleitung wegen Bauarbeiten")));
        JsonNode empty = push(feed, Rt.message(Instant.now(), Rt.alert("other", null, "D", null, null, "Aufzug defekt")));
        assertThat(empty.path("alertsCleared").asInt()).isEqualTo(1);
        assertThat(t1At(feed, A).path("alerts")).isEmpty();

        var events = PublishedEvents.read(infra, TopicCatalogue.MOBILITY_EVENTS, feed + "/bau-1", 2);
        assertThat(events).extracting(PublishedEvents.Published::type).containsExactly(
                "io.regiohub.mobility.alert.raised.v1", "io.regiohub.mobility.alert.cleared.v1");
        assertThat(json(events.get(1)).path("reason").asString()).isEqualTo("REMOVED_FROM_FEED");
    }

    @Test
    void realtimeBuiltForGooglesSampleFeedMovesItsDepartures() {
        UUID feed = feedWith(unique("Demo realtime"), Gtfs.fixture("sample-feed-1.zip"));
        LocalDate tuesday = LocalDate.of(2007, 6, 5);
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("AB1", tuesday), Rt.delay(1, 120)),
                Rt.canceled("BFC1", tuesday)));

        JsonNode airport = board(feed, "BEATTY_AIRPORT", "2007-06-05T07:30:00-07:00", "PT1H");
        JsonNode ab1 = airport.path("departures").get(0);
        assertThat(ab1.path("tripId").asString()).isEqualTo("AB1");
        assertThat(ab1.path("predictedDeparture").asString()).isEqualTo("2007-06-05T08:02:00-07:00");
        assertThat(ab1.path("delaySeconds").asInt()).isEqualTo(120);
        JsonNode bullfrog = board(feed, "BULLFROG", "2007-06-05T08:00:00-07:00", "PT1H").path("departures").get(0);
        assertThat(bullfrog.path("tripId").asString()).isEqualTo("BFC1");
        assertThat(bullfrog.path("canceled").asBoolean()).isTrue();
        assertThat(bullfrog.path("scheduledDeparture").asString()).isEqualTo("2007-06-05T08:20:00-07:00");
    }

    @Test
    void theSpecificationsExampleIsDecodedAndTripsOfAnotherScheduleAreReportedUnmatched() throws Exception {
        UUID feed = feedWith(unique("Spec example"), Gtfs.fixture("sample-feed-1.zip"));
        GtfsRealtime.FeedMessage.Builder example = GtfsRealtime.FeedMessage.newBuilder();
        com.google.protobuf.TextFormat.merge(new String(Gtfs.fixture("trip-updates-full.asciipb"),
                java.nio.charset.StandardCharsets.UTF_8), example);

        JsonNode applied = push(feed, example.build().toByteArray());
        assertThat(applied.path("tripUpdates").asInt()).isEqualTo(example.getEntityCount());
        assertThat(applied.path("matched").asInt()).isZero();
        assertThat(applied.path("unmatchedTrips").toString()).contains("trip-1");
    }

    @Test
    void anEmptyFeedEmptiesOnlyTheKindItIs() {
        UUID feed = townFeed();
        push(feed, Rt.message(Instant.now(), Rt.alert("aufzug", null, A, null, null, "Aufzug außer Betrieb"),
                Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(1, 120))));

        // an empty message of no stated kind changes nothing; an empty TripUpdates feed keeps the alerts
        push(feed, Rt.message(Instant.now()));
        assertThat(t1At(feed, A).path("delaySeconds").asInt()).isEqualTo(120);
        var trips = frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/realtime?kind=TRIP_UPDATES",
                "application/x-protobuf", Rt.message(Instant.now()));
        assertThat(trips.status()).isEqualTo(200);
        assertThat(t1At(feed, A).path("realtime").asBoolean()).isFalse();
        assertThat(anonymous.get("/api/mobility/feeds/" + feed + "/alerts").json()).hasSize(1);

        var alerts = frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/realtime?kind=ALERTS",
                "application/x-protobuf", Rt.message(Instant.now()));
        assertThat(alerts.json().path("alertsCleared").asInt()).isEqualTo(1);
        assertThat(anonymous.get("/api/mobility/feeds/" + feed + "/alerts").json()).isEmpty();
        Problems.assertInvalid(frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/realtime?kind=SCHEDULE",
                "application/x-protobuf", Rt.message(Instant.now())), "kind");
    }

    @Test
    void vehiclePositionsAreListed() {
        UUID feed = townFeed();
        GtfsRealtime.FeedEntity vehicle = GtfsRealtime.FeedEntity.newBuilder().setId("v1").setVehicle(
                GtfsRealtime.VehiclePosition.newBuilder().setTrip(Rt.trip("T1", today))
                        .setVehicle(GtfsRealtime.VehicleDescriptor.newBuilder().setId("tw-042").setLabel("S1 Endstation"))
                        .setPosition(GtfsRealtime.Position.newBuilder().setLatitude(50.11f).setLongitude(8.67f))).build();
        assertThat(push(feed, Rt.message(Instant.now(), vehicle)).path("vehicles").asInt()).isEqualTo(1);

        JsonNode vehicles = anonymous.get("/api/mobility/feeds/" + feed + "/vehicles").json();
        assertThat(vehicles).hasSize(1);
        assertThat(vehicles.get(0).path("vehicleId").asString()).isEqualTo("tw-042");
        assertThat(vehicles.get(0).path("tripId").asString()).isEqualTo("T1");
    }

    @Test
    void anUndecodableMessageIsRefusedAndChangesNothing() {
        UUID feed = townFeed();
        push(feed, Rt.message(Instant.now(), Rt.tripUpdate(Rt.trip("T1", today), Rt.delay(1, 180))));

        var garbage = frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/realtime", "application/x-protobuf",
                "this is not protobuf \u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Problems.assertProblem(garbage, 422, "undecodable-realtime");
        assertThat(garbage.body()).contains("\"field\":\"body\"");
        var empty = frankfurt.send("POST", "/api/mobility/feeds/" + feed + "/realtime", "application/x-protobuf", new byte[0]);
        Problems.assertInvalid(empty, "body");

        assertThat(t1At(feed, A).path("delaySeconds").asInt()).isEqualTo(180);
    }

    @Test
    void onlyTheFeedsMunicipalityPushesRealtimeAndOnlyOnceItHasASchedule() {
        UUID feed = townFeed();
        byte[] message = Rt.message(Instant.now(), Rt.canceled("T1", today));
        assertThat(anonymous.send("POST", "/api/mobility/feeds/" + feed + "/realtime", "application/x-protobuf", message)
                .status()).isEqualTo(401);
        Problems.assertProblem(kassel.send("POST", "/api/mobility/feeds/" + feed + "/realtime", "application/x-protobuf",
                message), 403, "forbidden");
        assertThat(t1At(feed, A).path("canceled").asBoolean()).isFalse();

        UUID empty = registerFeed(frankfurt, FRANKFURT, unique("Empty"));
        Problems.assertProblem(frankfurt.send("POST", "/api/mobility/feeds/" + empty + "/realtime",
                "application/x-protobuf", message), 409, "no-schedule");
    }

    @Test
    void anInstanceOfAFrequencyBasedTripIsNamedByItsStartTime(HubInfrastructure infra) {
        // CITY1 runs every 30 min from 06:00 (exact_times=0): STAGECOACH +0, NANAA +7, NADAV +14, DADAN +21 (departures)
        UUID feed = feedWith(unique("Frequencies"), Gtfs.fixture("sample-feed-1.zip"));
        LocalDate tuesday = LocalDate.of(2007, 6, 5);
        Instant t = Instant.now();
        JsonNode applied = push(feed, Rt.message(t,
                instance(Rt.tripUpdate(Rt.trip("CITY1", tuesday).setStartTime("06:30:00"), Rt.delay(3, 120))),
                // exact_times=0: the vehicle's own start 07:01 names the 07:00 instance, its absolute time counts
                instance(Rt.tripUpdate(Rt.trip("CITY1", tuesday).setStartTime("07:01:00"),
                        Rt.departsAt("NADAV", Instant.parse("2007-06-05T14:20:00Z")))),
                instance(Rt.tripUpdate(Rt.trip("CITY1", tuesday), Rt.delay(1, 60))),
                instance(Rt.tripUpdate(Rt.trip("CITY1", tuesday).setStartTime("05:00:00"), Rt.delay(1, 60)))));
        assertThat(applied.path("matched").asInt()).isEqualTo(2);
        assertThat(applied.path("unmatchedTrips").toString()).contains("CITY1 (frequency-based: the trip descriptor needs"
                + " a start_time)", "CITY1 (start_time 05:00:00 is no instance of its frequencies)");

        List<JsonNode> nadav = new ArrayList<>();
        board(feed, "NADAV", "2007-06-05T06:30:00-07:00", "PT75M").path("departures").forEach(d -> {
            if (d.path("tripId").asString().equals("CITY1")) {
                nadav.add(d);
            }
        });
        assertThat(nadav).extracting(d -> d.path("scheduledDeparture").asString()).containsExactly(
                "2007-06-05T06:44:00-07:00", "2007-06-05T07:14:00-07:00", "2007-06-05T07:44:00-07:00");
        JsonNode first = nadav.get(0);
        assertThat(first.path("realtime").asBoolean()).isTrue();
        assertThat(first.path("frequencyBased").asBoolean()).isTrue();
        assertThat(first.path("predictedDeparture").asString()).isEqualTo("2007-06-05T06:46:00-07:00");
        JsonNode second = nadav.get(1);
        assertThat(second.path("delaySeconds").asInt()).isEqualTo(360);
        assertThat(second.path("predictedDeparture").asString()).isEqualTo("2007-06-05T07:20:00-07:00");
        assertThat(nadav.get(2).path("realtime").asBoolean()).as("no update for 07:30").isFalse();

        // a cancelled instance is cancelled alone, and announced once with its start time
        push(feed, Rt.message(t, instance(Rt.canceled(Rt.trip("CITY1", tuesday).setStartTime("08:00:00")))));
        JsonNode stagecoach = board(feed, "STAGECOACH", "2007-06-05T08:00:00-07:00", "PT10M");
        List<String> cancelled = new ArrayList<>();
        stagecoach.path("departures").forEach(d -> cancelled.add(d.path("scheduledDeparture").asString() + " "
                + d.path("tripId").asString() + " " + d.path("canceled").asBoolean()));
        assertThat(cancelled).contains("2007-06-05T08:00:00-07:00 CITY1 true", "2007-06-05T08:10:00-07:00 CITY1 false");
        // the 07:00 instance's 6 min reached the significant delay, each instance is announced on its own
        var events = PublishedEvents.read(infra, TopicCatalogue.MOBILITY_EVENTS, feed + "/CITY1/2007-06-05", 2);
        assertThat(events).extracting(PublishedEvents.Published::type).containsExactly(
                "io.regiohub.mobility.trip.delayed.v1", "io.regiohub.mobility.trip.cancelled.v1");
        assertThat(json(events.get(0)).path("startTime").asString()).isEqualTo("07:00:00");
        assertThat(json(events.get(0)).path("stopId").asString()).isEqualTo("NADAV");
        assertThat(json(events.get(1)).path("startTime").asString()).isEqualTo("08:00:00");
        assertThat(json(events.get(1)).path("scheduledStart").asString()).isEqualTo("2007-06-05T15:00:00Z");
    }

    /** Each entity of a message its own id (the helpers name it by the trip). */
    private static GtfsRealtime.FeedEntity instance(GtfsRealtime.FeedEntity e) {
        return e.toBuilder().setId(e.getId() + "@" + e.getTripUpdate().getTrip().getStartTime()).build();
    }
}
