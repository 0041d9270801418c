package io.regiohub.participation.survey;

import static io.regiohub.participation.ProcessBodies.phases;
import static io.regiohub.participation.ProcessBodies.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.EventCodec;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.SurveyClosed;
import io.regiohub.participation.ParticipationApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class SurveysTest extends ParticipationApiTest {

    static final List<Map<String, Object>> QUESTIONS = List.of(
            Map.of("kind", "SCALE", "text", "Wie leicht war die Buchung?", "required", true),
            Map.of("kind", "SINGLE_CHOICE", "text", "Würden Sie den Rufbus nutzen?", "options", List.of("Ja", "Nein", "Weiß nicht"),
                    "required", true),
            Map.of("kind", "MULTIPLE_CHOICE", "text", "Wofür?", "options", List.of("Arzt", "Einkauf", "Arbeit"), "required", false),
            Map.of("kind", "FREE_TEXT", "text", "Was fehlt?", "required", false));

    @Autowired
    SurveyService service;

    String openProcess(List<Map<String, Object>> phases) {
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Rufbus-Prototyp " + UUID.randomUUID(), "CITIZENS", null, phases));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.json().path("id").asString();
    }

    String survey(String process, String phase) {
        var created = frankfurt.post("/api/participation/processes/" + process + "/surveys", HttpJson.toJson(Map.of(
                "title", "Prototyp Rufbus-App", "phase", phase, "questions", QUESTIONS)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    HttpJson.Response respond(String survey, String citizen, List<Map<String, Object>> answers) {
        return frankfurt.request("PUT", "/api/participation/surveys/" + survey + "/responses/" + citizen,
                HttpJson.toJson(Map.of("answers", answers)));
    }

    static List<Map<String, Object>> answers(int scale, int choice, List<Integer> choices, String text) {
        List<Map<String, Object>> answers = new ArrayList<>(List.of(Map.of("question", 0, "value", scale),
                Map.of("question", 1, "choice", choice)));
        if (choices != null) {
            answers.add(Map.of("question", 2, "choices", choices));
        }
        if (text != null) {
            answers.add(Map.of("question", 3, "text", text));
        }
        return answers;
    }

    @Test
    void oneResponsePerCitizenReplaceableWhileOpenAndTheResultsCountedLive() throws Exception {
        String survey = survey(openProcess(phases("EVALUATION", -1, 48)), "EVALUATION");
        assertThat(anonymous.get("/api/participation/surveys/" + survey).json().path("open").asBoolean()).isTrue();

        // twenty citizens answer concurrently, each twice: the second answer replaces the first
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String citizen = "bus-" + (i % 20);
            calls.add(() -> respond(survey, citizen, answers(4, 0, List.of(0, 1), "Mehr Fahrten am Abend")).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        // one citizen changes the mind
        assertThat(respond(survey, "bus-0", answers(2, 1, null, null)).status()).isEqualTo(200);

        JsonNode results = anonymous.get("/api/participation/surveys/" + survey + "/results").json();
        assertThat(results.path("responses").asInt()).isEqualTo(20);
        JsonNode scale = results.path("results").get(0);
        assertThat(scale.path("counts").toString()).isEqualTo("[0,1,0,19,0]");
        assertThat(scale.path("mean").asDouble()).isEqualTo(3.9);
        assertThat(results.path("results").get(1).path("counts").toString()).isEqualTo("[19,1,0]");
        assertThat(results.path("results").get(2).path("counts").toString()).isEqualTo("[19,19,0]");
        assertThat(results.path("results").get(2).path("answered").asInt()).isEqualTo(19);
        assertThat(results.path("results").get(3).path("answered").asInt()).isEqualTo(19);
        assertThat(results.path("texts").isEmpty()).as("free texts are not public").isTrue();
        assertThat(frankfurt.get("/api/participation/surveys/" + survey + "/results").json().path("texts").path("3"))
                .hasSize(19);
    }

    @Test
    void badResponsesAndSurveysAreProblemDetailsAndStoreNothing() {
        String process = openProcess(phases("EVALUATION", -1, 48));
        String survey = survey(process, "EVALUATION");
        Problems.assertInvalid(respond(survey, "bus-1", List.of(Map.of("question", 1, "choice", 0))), "answers");
        Problems.assertInvalid(respond(survey, "bus-1", answers(6, 0, null, null)), "answers[0].value");
        Problems.assertInvalid(respond(survey, "bus-1", answers(3, 3, null, null)), "answers[1].choice");
        Problems.assertInvalid(respond(survey, "bus-1", answers(3, 0, List.of(1, 1), null)), "answers[2].choices");
        Problems.assertInvalid(respond(survey, "bus-1", List.of(Map.of("question", 0, "choice", 1),
                Map.of("question", 1, "choice", 0))), "answers[0]");
        Problems.assertInvalid(respond(survey, "bus-1", List.of(Map.of("question", 9, "value", 1))), "answers[0].question");
        Problems.assertInvalid(respond(survey, "max@example.org", answers(3, 0, null, null)), "citizen");
        Problems.assertProblem(kassel.request("PUT", "/api/participation/surveys/" + survey + "/responses/k-1",
                HttpJson.toJson(Map.of("answers", answers(3, 0, null, null)))), 403, "forbidden");
        assertThat(jdbc.sql("SELECT count(*) FROM survey_response WHERE survey_id = :id::uuid").param("id", survey)
                .query(Long.class).single()).isZero();

        String path = "/api/participation/processes/" + process + "/surveys";
        Problems.assertInvalid(frankfurt.post(path, HttpJson.toJson(Map.of("title", "Falsche Phase", "phase", "RESULTS",
                "questions", QUESTIONS))), "phase");
        Problems.assertInvalid(frankfurt.post(path, HttpJson.toJson(Map.of("title", "Eine Option", "phase", "EVALUATION",
                "questions", List.of(Map.of("kind", "SINGLE_CHOICE", "text", "Ja?", "options", List.of("Ja"), "required", true))))),
                "questions[0].options");
        Problems.assertInvalid(frankfurt.post(path, HttpJson.toJson(Map.of("title", "Skala mit Optionen", "phase",
                "EVALUATION", "questions", List.of(Map.of("kind", "SCALE", "text", "Wie?", "options", List.of("a", "b"),
                        "required", true))))), "questions[0].options");
        Problems.assertInvalid(frankfurt.post(path, HttpJson.toJson(Map.of("title", "Ohne Fragen", "phase", "EVALUATION",
                "questions", List.of()))), "questions");
        Problems.assertProblem(kassel.post(path, HttpJson.toJson(Map.of("title", "Fremd", "phase", "EVALUATION",
                "questions", QUESTIONS))), 403, "forbidden");
        assertThat(anonymous.get(path).json()).hasSize(1);
    }

    @Test
    void aResponseOutsideTheSurveysPhaseIs409AndTheResultsArePublishedOnceThePhaseEnds() {
        Instant now = Instant.now();
        String process = openProcess(List.of(
                Map.of("type", "DIALOGUE", "startsAt", now.minusSeconds(3600).toString(), "endsAt", now.plusSeconds(3).toString()),
                Map.of("type", "EVALUATION", "startsAt", now.plusSeconds(3).toString(), "endsAt", now.plusSeconds(7200).toString())));
        String dialogue = survey(process, "DIALOGUE");
        String evaluation = survey(process, "EVALUATION");
        assertThat(respond(dialogue, "bus-1", answers(5, 0, null, "Super")).status()).isEqualTo(200);
        assertThat(respond(dialogue, "bus-2", answers(3, 2, List.of(2), null)).status()).isEqualTo(200);
        JsonNode problem = Problems.assertProblem(respond(evaluation, "bus-1", answers(4, 0, null, null)), 409, "wrong-phase");
        assertThat(problem.path("detail").asString()).contains("EVALUATION").contains("DIALOGUE");

        // the dialogue ends: its survey closes with its results, once; the evaluation's opens
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            service.closeDue(50);
            return jdbc.sql("SELECT closed_at IS NOT NULL FROM survey WHERE id = :id::uuid").param("id", dialogue)
                    .query(Boolean.class).single();
        });
        service.closeDue(50);
        Problems.assertProblem(respond(dialogue, "bus-3", answers(4, 0, null, null)), 409, "wrong-phase");
        assertThat(respond(evaluation, "bus-1", answers(4, 0, null, null)).status()).isEqualTo(200);
        assertThat(anonymous.get("/api/participation/surveys/" + dialogue).json().path("open").asBoolean()).isFalse();

        var events = PublishedEvents.read(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, dialogue, 1);
        assertThat(events).hasSize(1);
        SurveyClosed closed = EventCodec.fromJson(events.getFirst().payload(), SurveyClosed.class);
        assertThat(closed.responses()).isEqualTo(2);
        assertThat(closed.results().get(0).counts()).containsExactly(0, 0, 1, 0, 1);
        assertThat(closed.results().get(3).answered()).isEqualTo(1);
        assertThat(new String(events.getFirst().payload())).as("free texts are not republished").doesNotContain("Super");
    }
}
