package io.regiohub.participation.insight;

import static io.regiohub.participation.ProcessBodies.phases;
import static io.regiohub.participation.ProcessBodies.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.funding.ApplicationDecided;
import io.regiohub.participation.ParticipationApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import io.regiohub.test.TestTokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InsightsTest extends ParticipationApiTest {

    @BeforeEach
    void setUp() {
        directory("06412000", "Frankfurt am Main", "DISTRICT_FREE_CITY", null, 775_790, "URBAN");
        directory("06611000", "Kassel", "DISTRICT_FREE_CITY", null, 204_202, "URBAN");
        directory("06535014", "Lauterbach (Hessen)", "MUNICIPALITY", "06535", 13_602, "RURAL");
        directory("06535015", "Schotten", "MUNICIPALITY", "06535", 10_361, "RURAL");
    }

    void directory(String key, String name, String kind, String district, int population, String classification) {
        jdbc.sql("""
                        INSERT INTO hub.municipality_directory (municipality_key, name, kind, district_key, population,
                                                                classification, recorded_at)
                        VALUES (:key, :name, :kind, :district, :population, :classification, now())
                        ON CONFLICT (municipality_key) DO NOTHING""")
                .param("key", key).param("name", name).param("kind", kind).param("district", district)
                .param("population", population).param("classification", classification).update();
    }

    /** A proposal of the municipality, answered with the given states in turn. */
    String proposal(String ags, String title, String description, List<String> topics, String... answers) {
        HttpJson client = anonymous.withToken(TestTokens.get().municipality(ags));
        var opened = client.post("/api/participation/municipalities/" + ags + "/processes",
                process("Verfahren " + UUID.randomUUID(), "CITIZENS", null, phases("PROPOSALS", -1, 48)));
        String process = opened.json().path("id").asString();
        String id = client.post("/api/participation/processes/" + process + "/proposals", HttpJson.toJson(Map.of(
                "title", title, "description", description, "topics", topics, "citizen", "c-" + ags)))
                .json().path("id").asString();
        for (String status : answers) {
            var answered = client.post("/api/participation/proposals/" + id + "/answer", HttpJson.toJson(Map.of(
                    "status", status, "answer", "Antwort: " + status)));
            assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        }
        return id;
    }

    List<String> ids(String query) {
        var response = anonymous.get("/api/participation/insights?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().forEach(i -> ids.add(i.path("proposalId").asString()));
        return ids;
    }

    @Test
    void otherTownsAcceptedAndImplementedProposalsOnSimilarTopicsWithTheirOutcomeNarrowedToTownsLikeTheAskingOne() {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String kassel = proposal("06611000", "Rufbus für Kassel-Nord " + tag, "Ein Rufbus am Abend", List.of("mobility"),
                "ACCEPTED");
        String lauterbach = proposal("06535014", "Rufbus für die Ortsteile " + tag, "Rufbus statt leerer Linienbusse",
                List.of("mobility", "rural-development"), "ACCEPTED", "IMPLEMENTING", "IMPLEMENTED");
        String schotten = proposal("06535015", "Bürgerbus " + tag, "Ehrenamtlicher Bürgerbus", List.of("mobility"));
        String rejected = proposal("06535015", "Seilbahn " + tag, "Seilbahn zum Hoherodskopf", List.of("mobility"), "REJECTED");
        String frankfurt = proposal("06412000", "Rufbus im Frankfurter Norden " + tag, "Rufbus", List.of("mobility"),
                "ACCEPTED");

        // Kassel's proposal gets funded: the step arrives from funding-service's event
        try (var producer = HubInfrastructure.get().newProducer(new StringSerializer(), new ByteArraySerializer())) {
            PublishedEvents.send(producer, UUID.randomUUID(), "/funding-service", new ApplicationDecided(UUID.randomUUID(),
                    "06611000", "mobfoeg-hessen", "Mobilitätsfördergesetz Hessen", true, new BigDecimal("90000.00"), null,
                    UUID.fromString(kassel), Instant.now()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "FUNDED".equals(
                anonymous.get("/api/participation/proposals/" + kassel).json().path("status").asString()));

        List<String> forFrankfurt = ids("topic=mobility&q=" + tag + "&like=06412000");
        assertThat(forFrankfurt).containsExactlyInAnyOrder(kassel, lauterbach)
                .doesNotContain(frankfurt, schotten, rejected);
        assertThat(ids("q=Rufbus%20" + tag)).contains(kassel, lauterbach, frankfurt);

        JsonNode insights = anonymous.get("/api/participation/insights?q=" + tag + "&like=06412000").json();
        JsonNode first = insights.get(0);
        assertThat(first.path("proposalId").asString()).as("implemented first").isEqualTo(lauterbach);
        assertThat(first.path("implementedAt").isNull()).isFalse();
        assertThat(first.path("municipalityName").asString()).isEqualTo("Lauterbach (Hessen)");
        assertThat(first.path("sizeClass").asString()).isEqualTo("SMALL_TOWN");
        JsonNode funded = insights.get(1);
        assertThat(funded.path("fundedBy").asString()).isEqualTo("Mobilitätsfördergesetz Hessen");
        assertThat(funded.path("fundedAt").isNull()).isFalse();

        // narrowed: Frankfurt compares itself with large cities, Schotten with small towns and municipalities
        assertThat(ids("q=" + tag + "&like=06412000&same=SIZE")).containsExactly(kassel);
        assertThat(ids("q=" + tag + "&like=06412000&same=KIND")).containsExactly(kassel);
        assertThat(ids("q=" + tag + "&like=06535015&same=KIND&same=SIZE")).containsExactly(lauterbach);
        assertThat(ids("topic=climate&q=" + tag)).isEmpty();

        Problems.assertInvalid(anonymous.get("/api/participation/insights?same=SIZE"), "same");
        Problems.assertInvalid(anonymous.get("/api/participation/insights?like=06999999&same=KIND"), "like");
        Problems.assertInvalid(anonymous.get("/api/participation/insights?topic=teleportation"), "topic");
        Problems.assertInvalid(anonymous.get("/api/participation/insights?same=COLOUR&like=06412000"), "same");
    }
}
