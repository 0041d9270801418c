package io.regiohub.participation.privacy;

import static io.regiohub.participation.ProcessBodies.phases;
import static io.regiohub.participation.ProcessBodies.process;
import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.events.EventCodec;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.CitizenDataErased;
import io.regiohub.participation.ParticipationApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ErasureTest extends ParticipationApiTest {

    String proposal(HttpJson client, String ags, String citizen) {
        var opened = client.post("/api/participation/municipalities/" + ags + "/processes",
                process("Verfahren " + UUID.randomUUID(), "CITIZENS", null, phases("PROPOSALS", -1, 48, "DIALOGUE", 48, 96)));
        String process = opened.json().path("id").asString();
        var submitted = client.post("/api/participation/processes/" + process + "/proposals", HttpJson.toJson(Map.of(
                "title", "Trinkbrunnen am Mainufer", "topics", List.of("climate"), "citizen", citizen)));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        return submitted.json().path("id").asString();
    }

    long rowsOf(String citizen) {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM proposal WHERE citizen = :c) + (SELECT count(*) FROM comment WHERE citizen = :c)
                             + (SELECT count(*) FROM support WHERE citizen = :c) + (SELECT count(*) FROM comment_report WHERE citizen = :c)
                             + (SELECT count(*) FROM survey_response WHERE citizen = :c) + (SELECT count(*) FROM survey_answer WHERE citizen = :c)""")
                .param("c", citizen).query(Long.class).single();
    }

    @Test
    void anErasureUnlinksEverythingThePseudonymWroteAndKeepsEveryCount() {
        String anna = "anna-" + UUID.randomUUID().toString().substring(0, 8);
        String own = proposal(frankfurt, "06412000", anna);
        String other = proposal(frankfurt, "06412000", "someone-else");
        String path = "/api/participation/proposals/";
        frankfurt.request("PUT", path + own + "/supports/" + anna, null);
        frankfurt.request("PUT", path + other + "/supports/" + anna, null);
        frankfurt.request("PUT", path + other + "/supports/fan-1", null);
        String comment = frankfurt.post(path + other + "/comments", HttpJson.toJson(Map.of("citizen", anna,
                "body", "Unbedingt!", "stance", "FOR"))).json().path("id").asString();
        String foreignComment = frankfurt.post(path + other + "/comments", HttpJson.toJson(Map.of("citizen", "troll-1",
                "body", "Quatsch", "stance", "AGAINST"))).json().path("id").asString();
        frankfurt.post("/api/participation/comments/" + foreignComment + "/reports", "{\"citizen\":\"" + anna + "\"}");
        String process = anonymous.get(path + other).json().path("processId").asString();
        String survey = frankfurt.post("/api/participation/processes/" + process + "/surveys", HttpJson.toJson(Map.of(
                "title", "Brunnen", "phase", "PROPOSALS", "questions", List.of(Map.of("kind", "SCALE", "text", "Wie wichtig?",
                        "required", true))))).json().path("id").asString();
        frankfurt.request("PUT", "/api/participation/surveys/" + survey + "/responses/" + anna,
                "{\"answers\":[{\"question\":0,\"value\":5}]}");
        // the same pseudonym issued by another municipality's portal is another person
        String kassels = proposal(kassel, "06611000", anna);

        JsonNode before = anonymous.get(path + other).json();
        String results = anonymous.get("/api/participation/surveys/" + survey + "/results").json().path("results").toString();
        assertThat(rowsOf(anna)).isEqualTo(8);

        Problems.assertProblem(kassel.post("/api/participation/municipalities/06412000/erasures",
                "{\"citizen\":\"" + anna + "\"}"), 403, "forbidden");
        Problems.assertInvalid(frankfurt.post("/api/participation/municipalities/06412000/erasures",
                "{\"citizen\":\"anna@example.org\"}"), "citizen");
        var erased = frankfurt.post("/api/participation/municipalities/06412000/erasures", "{\"citizen\":\"" + anna + "\"}");
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode counts = erased.json();
        assertThat(List.of(counts.path("proposals").asInt(), counts.path("comments").asInt(), counts.path("supports").asInt(),
                counts.path("reports").asInt(), counts.path("surveyResponses").asInt())).containsExactly(1, 1, 2, 1, 1);

        assertThat(rowsOf(anna)).as("only Kassel's proposal keeps the pseudonym").isEqualTo(1);
        assertThat(anonymous.get(path + kassels).json().path("citizen").asString()).isEqualTo(anna);
        JsonNode after = anonymous.get(path + other).json();
        assertThat(after.path("supportCount").asInt()).isEqualTo(before.path("supportCount").asInt()).isEqualTo(2);
        assertThat(anonymous.get(path + own).json().path("citizen").asString()).startsWith("erased-");
        assertThat(anonymous.get("/api/participation/surveys/" + survey + "/results").json().path("results").toString())
                .isEqualTo(results);
        JsonNode discussion = anonymous.get(path + other + "/comments").json();
        assertThat(discussion.path("total").asInt()).isEqualTo(2);
        assertThat(discussion.toString()).doesNotContain(anna).contains("Unbedingt!");
        assertThat(jdbc.sql("SELECT report_count FROM comment WHERE id = :id::uuid").param("id", foreignComment)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(DISTINCT citizen) FROM support WHERE citizen LIKE 'erased-%'")
                .query(Long.class).single()).as("each row its own pseudonym: unlinkable").isGreaterThanOrEqualTo(2);

        var again = frankfurt.post("/api/participation/municipalities/06412000/erasures", "{\"citizen\":\"" + anna + "\"}");
        assertThat(again.json().path("supports").asInt()).isZero();

        String erasureId = counts.path("id").asString();
        var events = PublishedEvents.read(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, erasureId, 1);
        CitizenDataErased event = EventCodec.fromJson(events.getFirst().payload(), CitizenDataErased.class);
        assertThat(event.supports()).isEqualTo(2);
        assertThat(new String(events.getFirst().payload())).doesNotContain(anna);
        assertThat(jdbc.sql("SELECT count(*) FROM erasure WHERE id = :id::uuid").param("id", erasureId)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(comment).isNotBlank();
    }
}
