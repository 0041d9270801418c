package io.regiohub.participation.comment;

import static io.regiohub.participation.ProcessBodies.phases;
import static io.regiohub.participation.ProcessBodies.process;
import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.events.EventCodec;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.CommentPosted;
import io.regiohub.events.participation.ContentHidden;
import io.regiohub.participation.ParticipationApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CommentsTest extends ParticipationApiTest {

    String proposal(Object... phases) {
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Verfahren " + UUID.randomUUID(), "CITIZENS", null,
                        phases.length == 0 ? phases("PROPOSALS", -1, 48) : phases(phases)));
        String process = opened.json().path("id").asString();
        var submitted = frankfurt.post("/api/participation/processes/" + process + "/proposals", HttpJson.toJson(Map.of(
                "title", "Tempo 30 vor Schulen", "topics", List.of("mobility"), "citizen", "author-8001")));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        return submitted.json().path("id").asString();
    }

    HttpJson.Response comment(String proposal, String citizen, String body, String stance, String parent) {
        var map = new java.util.LinkedHashMap<String, Object>(Map.of("citizen", citizen, "body", body, "stance", stance));
        if (parent != null) {
            map.put("parentId", parent);
        }
        return frankfurt.post("/api/participation/proposals/" + proposal + "/comments", HttpJson.toJson(map));
    }

    @Test
    void commentsNestThreeLevelsDeepWithTheirStancesCounted() {
        String proposal = proposal();
        var root = comment(proposal, "c-1", "Dringend nötig!", "FOR", null);
        assertThat(root.status()).as(root.body()).isEqualTo(201);
        String r = root.json().path("id").asString();
        String reply = comment(proposal, "c-2", "Aber die Busse?", "NEUTRAL", r).json().path("id").asString();
        String deepest = comment(proposal, "pseudonym-drei", "Busse fahren ohnehin langsam.", "AGAINST", reply).json().path("id").asString();
        comment(proposal, "c-4", "Zweite Antwort", "FOR", r);

        JsonNode problem = Problems.assertProblem(comment(proposal, "c-5", "Zu tief", "FOR", deepest), 422, "too-deep");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("parentId");
        Problems.assertInvalid(comment(proposal, "c-5", "Fremder Faden", "FOR", UUID.randomUUID().toString()), "parentId");
        Problems.assertInvalid(comment(proposal, "c-5", "Ohne Haltung", "MAYBE", null), "stance");
        Problems.assertInvalid(comment(proposal, "c-5", " ", "FOR", null), "body");
        Problems.assertInvalid(comment(proposal, "max@example.org", "Name", "FOR", null), "citizen");

        JsonNode discussion = anonymous.get("/api/participation/proposals/" + proposal + "/comments").json();
        assertThat(discussion.path("total").asInt()).isEqualTo(4);
        assertThat(discussion.path("stances").path("FOR").asInt()).isEqualTo(2);
        assertThat(discussion.path("stances").path("AGAINST").asInt()).isEqualTo(1);
        JsonNode thread = discussion.path("threads").get(0);
        assertThat(thread.path("body").asString()).isEqualTo("Dringend nötig!");
        assertThat(thread.path("replies")).hasSize(2);
        assertThat(thread.path("replies").get(0).path("body").asString()).isEqualTo("Aber die Busse?");
        assertThat(thread.path("replies").get(0).path("replies").get(0).path("depth").asInt()).isEqualTo(3);

        var events = PublishedEvents.read(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, deepest, 1);
        CommentPosted posted = EventCodec.fromJson(events.getFirst().payload(), CommentPosted.class);
        assertThat(posted.depth()).isEqualTo(3);
        assertThat(posted.parentId().toString()).isEqualTo(reply);
        assertThat(new String(events.getFirst().payload())).doesNotContain("Busse").doesNotContain("pseudonym-drei");
    }

    @Test
    void aCommentOutsideThePhasesThatAllowItIs409() {
        String proposal = proposal("PROPOSALS", -1, 48);
        // the proposals phase allows comments; a process in its results phase does not
        assertThat(comment(proposal, "c-1", "Gut", "FOR", null).status()).isEqualTo(201);
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Abgeschlossen", "CITIZENS", null, phases("PROPOSALS", -96, -48, "RESULTS", -48, 48)));
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO proposal (id, municipality, process_id, title, topics, citizen, status, submitted_at)
                        VALUES (:id, '06412000', :process::uuid, 'Alt', ARRAY['climate'], 'author-8002', 'ACCEPTED', now())""")
                .param("id", id).param("process", opened.json().path("id").asString()).update();
        JsonNode problem = Problems.assertProblem(comment(id.toString(), "c-1", "Zu spät", "FOR", null), 409, "wrong-phase");
        assertThat(problem.path("detail").asString()).contains("RESULTS");
    }

    @Test
    void reportsHideACommentOnceTheModeratorRestoresItWithAReasonAndFurtherReportsDoNotHideItAgain() throws Exception {
        String proposal = proposal();
        String id = comment(proposal, "c-1", "Unsachlicher Beitrag", "AGAINST", null).json().path("id").asString();
        String reports = "/api/participation/comments/" + id + "/reports";

        // ten citizens report concurrently, each twice: three reports hide it, once
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = "{\"citizen\":\"reporter-" + (i % 10) + "\",\"reason\":\"beleidigend\"}";
            calls.add(() -> frankfurt.post(reports, body).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("SELECT report_count FROM comment WHERE id = :id::uuid").param("id", id).query(Integer.class)
                .single()).isEqualTo(10);
        JsonNode hidden = anonymous.get("/api/participation/proposals/" + proposal + "/comments").json().path("threads").get(0);
        assertThat(hidden.path("hidden").asBoolean()).isTrue();
        assertThat(hidden.path("body").isNull()).as("the public sees no text").isTrue();
        assertThat(hidden.path("citizen").isNull()).isTrue();
        assertThat(frankfurt.get("/api/participation/proposals/" + proposal + "/comments").json().path("threads").get(0)
                .path("body").asString()).as("the moderators do").isEqualTo("Unsachlicher Beitrag");

        String moderation = "/api/participation/comments/" + id + "/moderation";
        Problems.assertProblem(frankfurt.post(moderation, "{\"action\":\"HIDE\",\"reason\":\"doppelt\"}"), 409, "conflict");
        Problems.assertProblem(kassel.post(moderation, "{\"action\":\"RESTORE\",\"reason\":\"fremd\"}"), 403, "forbidden");
        Problems.assertInvalid(frankfurt.post(moderation, "{\"action\":\"RESTORE\"}"), "reason");
        var restored = frankfurt.post(moderation, "{\"action\":\"RESTORE\",\"reason\":\"Sachliche Kritik\"}");
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(frankfurt.post(reports, "{\"citizen\":\"reporter-11\"}").json().path("hidden").asBoolean())
                .as("a moderator's restoring outweighs further reports").isFalse();

        JsonNode log = frankfurt.get(moderation).json();
        assertThat(log).extracting(e -> e.path("action").asString() + ":" + e.path("reason").asString() + ":"
                + e.path("actor").asString()).containsExactly("HIDDEN:3 reports:reports", "RESTORED:Sachliche Kritik:client-06412000");
        Problems.assertProblem(kassel.get(moderation), 403, "forbidden");

        var events = PublishedEvents.read(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, id, 3);
        assertThat(events).extracting(PublishedEvents.Published::type)
                .containsExactly(CommentPosted.TYPE, ContentHidden.TYPE, ContentHidden.TYPE);
        ContentHidden byReports = EventCodec.fromJson(events.get(1).payload(), ContentHidden.class);
        assertThat(byReports.by()).isEqualTo("reports");
        assertThat(byReports.reportCount()).isEqualTo(3);
        assertThat(EventCodec.fromJson(events.get(2).payload(), ContentHidden.class).action()).isEqualTo("RESTORED");
    }

    @Test
    void anotherMunicipalityNeitherCommentsNorReportsNorModerates() {
        String proposal = proposal();
        String id = comment(proposal, "c-1", "Gute Idee", "FOR", null).json().path("id").asString();
        Problems.assertProblem(kassel.post("/api/participation/proposals/" + proposal + "/comments",
                "{\"citizen\":\"k-1\",\"body\":\"Fremd\",\"stance\":\"FOR\"}"), 403, "forbidden");
        Problems.assertProblem(kassel.post("/api/participation/comments/" + id + "/reports", "{\"citizen\":\"k-1\"}"), 403,
                "forbidden");
        assertThat(jdbc.sql("SELECT count(*) FROM comment WHERE proposal_id = :id::uuid").param("id", proposal)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT report_count FROM comment WHERE id = :id::uuid").param("id", id)
                .query(Integer.class).single()).isZero();
    }
}
