package io.regiohub.mobility.hotspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.events.TopicCatalogue;
import io.regiohub.mobility.Gtfs;
import io.regiohub.mobility.MobilityApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import io.regiohub.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Wi-Fi at stops: recorded, switched and announced with their proposal, found nearby, shown on boards, imported from Munich's list. */
class HotspotsTest extends MobilityApiTest {

    private static final String MUNICH = "09162000";

    @Test
    void aHotspotAtAStopIsOnItsBoardAndItsActivationNamesTheProposal(HubInfrastructure infra) {
        LocalDate day = LocalDate.of(2026, 6, 3);
        UUID feed = feedWith(unique("Wifi"), Gtfs.zip(Gtfs.town(day, day)));
        UUID proposal = UUID.randomUUID();
        var created = frankfurt.post("/api/mobility/municipalities/" + FRANKFURT + "/hotspots", HttpJson.toJson(Map.of(
                "name", "Hauptwache Bahnsteig", "ssid", "FRANKFURT-FREE", "operator", "Stadtwerke Frankfurt",
                "feedId", feed.toString(), "stopId", "de:06412:A", "proposalId", proposal.toString())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode hotspot = created.json();
        assertThat(hotspot.path("status").asString()).isEqualTo("PLANNED");
        assertThat(hotspot.path("lat").asDouble()).as("the stop's position").isEqualTo(50.1142);
        String id = hotspot.path("id").asString();

        JsonNode wifi = board(feed, "de:06412:A", "2026-06-03T07:00:00+02:00", "PT2H").path("wifi");
        assertThat(wifi).hasSize(1);
        assertThat(wifi.get(0).path("status").asString()).isEqualTo("PLANNED");

        Problems.assertProblem(kassel.request("PUT", "/api/mobility/hotspots/" + id + "/status",
                HttpJson.toJson(Map.of("status", "ACTIVE"))), 403, "forbidden");
        var active = frankfurt.request("PUT", "/api/mobility/hotspots/" + id + "/status",
                HttpJson.toJson(Map.of("status", "ACTIVE", "reason", "in Betrieb genommen")));
        assertThat(active.status()).as(active.body()).isEqualTo(200);
        frankfurt.request("PUT", "/api/mobility/hotspots/" + id + "/status", HttpJson.toJson(Map.of("status", "ACTIVE")));
        frankfurt.request("PUT", "/api/mobility/hotspots/" + id + "/status",
                HttpJson.toJson(Map.of("status", "DOWN", "reason", "Glasfaser beschädigt")));
        Problems.assertProblem(frankfurt.request("PUT", "/api/mobility/hotspots/" + id + "/status",
                HttpJson.toJson(Map.of("status", "PLANNED"))), 422, "invalid-transition");

        var events = PublishedEvents.read(infra, TopicCatalogue.MOBILITY_EVENTS, id, 2);
        assertThat(events).extracting(PublishedEvents.Published::type).containsExactly(
                "io.regiohub.mobility.hotspot.activated.v1", "io.regiohub.mobility.hotspot.down.v1");
        assertThat(json(events.get(0)).path("proposalId").asString()).isEqualTo(proposal.toString());
        assertThat(json(events.get(1)).path("reason").asString()).isEqualTo("Glasfaser beschädigt");
    }

    @Test
    void hotspotsAreFoundNearAPointNearestFirst() {
        String ags = "06611000";
        for (double[] p : new double[][] {{51.3127, 9.4797}, {51.3140, 9.4800}, {51.40, 9.60}}) {
            var r = kassel.post("/api/mobility/municipalities/" + ags + "/hotspots", HttpJson.toJson(Map.of(
                    "name", "Kassel " + p[0], "ssid", "KASSEL-WLAN", "status", "ACTIVE", "lat", p[0], "lon", p[1])));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        JsonNode near = anonymous.get("/api/mobility/hotspots?near=51.3126,9.4796&radius=500").json();
        assertThat(near).hasSizeGreaterThanOrEqualTo(2);
        assertThat(near.get(0).path("distanceMetres").asDouble()).isLessThan(20);
        assertThat(near.get(0).path("distanceMetres").asDouble()).isLessThanOrEqualTo(near.get(1).path("distanceMetres").asDouble());
        assertThat(near.toString()).doesNotContain("51.4");
        Problems.assertInvalid(anonymous.get("/api/mobility/hotspots?near=51.3,999"), "near");
    }

    @Test
    void munichsOpenDataListImportsOnceAndUpdatesInsteadOfDuplicating() {
        HttpJson munich = anonymous.withToken(TestTokens.get().municipality(MUNICH));
        String list = new String(Gtfs.fixture("muc-wlan-standorte.json"), StandardCharsets.UTF_8);
        String path = "/api/mobility/municipalities/" + MUNICH + "/hotspots/imports/muc-wlan?ssid=M-WLAN&operator="
                + Gtfs.encode("Landeshauptstadt München");

        var first = munich.post(path, list);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("received").asInt()).isEqualTo(171);
        assertThat(first.json().path("created").asInt()).isEqualTo(171);
        var again = munich.post(path, list);
        assertThat(again.json().path("created").asInt()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM hotspot WHERE municipality = ?").param(MUNICH).query(Long.class).single())
                .isEqualTo(171);

        JsonNode glockenbach = anonymous.get("/api/mobility/hotspots?near=48.126392,11.566879&radius=5").json().get(0);
        assertThat(glockenbach.path("hotspot").path("name").asString()).isEqualTo("Am Glockenbach (Mobilitätsstation)");
        assertThat(glockenbach.path("hotspot").path("ssid").asString()).isEqualTo("M-WLAN");
        assertThat(glockenbach.path("hotspot").path("status").asString()).isEqualTo("ACTIVE");

        var bad = munich.post(path.replace("M-WLAN", "X"), "[{\"adresse\":\"Marienplatz\",\"latitude\":148.1,\"longitude\":11.5}]");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("latitude");
        Problems.assertProblem(frankfurt.post(path, list), 403, "forbidden");
        assertThat(jdbc.sql("SELECT count(*) FROM hotspot WHERE municipality = ?").param(MUNICH).query(Long.class).single())
                .isEqualTo(171);
    }

    @Test
    void badHotspotsAreRefusedNamingTheField() {
        String base = "/api/mobility/municipalities/" + FRANKFURT + "/hotspots";
        Problems.assertInvalid(frankfurt.post(base, HttpJson.toJson(Map.of("name", "x", "ssid", "y"))), "lat");
        Problems.assertInvalid(frankfurt.post(base, HttpJson.toJson(Map.of("name", "x", "ssid", "y", "lat", 91, "lon", 8))),
                "lat");
        Problems.assertInvalid(frankfurt.post(base, HttpJson.toJson(Map.of("name", "x", "lat", 50, "lon", 8))), "ssid");
        Problems.assertInvalid(frankfurt.post(base, HttpJson.toJson(Map.of("name", "x", "ssid", "y",
                "feedId", UUID.randomUUID().toString(), "stopId", "A"))), "feedId");
        Problems.assertProblem(kassel.post(base, HttpJson.toJson(Map.of("name", "x", "ssid", "y", "lat", 50, "lon", 8))),
                403, "forbidden");
    }
}
