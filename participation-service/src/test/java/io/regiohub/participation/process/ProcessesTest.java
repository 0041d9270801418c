package io.regiohub.participation.process;

import static io.regiohub.participation.ProcessBodies.phases;
import static io.regiohub.participation.ProcessBodies.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.EventCodec;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.PhaseChanged;
import io.regiohub.events.participation.ProcessOpened;
import io.regiohub.participation.ParticipationApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.Problems;
import io.regiohub.test.PublishedEvents;
import io.regiohub.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ProcessesTest extends ParticipationApiTest {

    @Autowired
    PhaseAnnouncer announcer;

    @Test
    void aProcessIsOpenedWithItsPhasesAndShowsWhatItsCurrentPhaseAllows() throws Exception {
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Mobilität im Ostend", "CITIZENS", 25,
                        phases("INFORMATION", -48, -1, "PROPOSALS", -1, 240, "EVALUATION", 240, 480)));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = opened.json().path("id").asString();
        assertThat(opened.header("Location")).isEqualTo("/api/participation/processes/" + id);

        JsonNode process = anonymous.get("/api/participation/processes/" + id).json();
        assertThat(process.path("currentPhase").asString()).isEqualTo("PROPOSALS");
        assertThat(process.path("allowedNow").toString()).contains("SUBMIT", "SUPPORT", "COMMENT");
        assertThat(process.path("supportThreshold").asInt()).isEqualTo(25);
        assertThat(process.path("phases")).hasSize(3);
        assertThat(anonymous.get("/api/participation/municipalities/06412000/processes").body()).contains(id);

        var events = PublishedEvents.read(infra(), TopicCatalogue.PARTICIPATION_EVENTS, id, 1);
        assertThat(events.getFirst().type()).isEqualTo(ProcessOpened.TYPE);
        ProcessOpened event = EventCodec.fromJson(events.getFirst().payload(), ProcessOpened.class);
        assertThat(event.currentPhase()).isEqualTo("PROPOSALS");
        assertThat(event.phases()).hasSize(3);
    }

    @Test
    void aProcessForTheAdministrationsStaffIsVisibleOnlyToItsMunicipalityAndTheProgrammeOffice() {
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Digitale Akte im Bürgeramt", "STAFF", null, phases("PROPOSALS", -1, 24)));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = opened.json().path("id").asString();
        String path = "/api/participation/processes/" + id;

        Problems.assertProblem(anonymous.get(path), 404, "not-found");
        Problems.assertProblem(kassel.get(path), 404, "not-found");
        Problems.assertProblem(anonymous.get(path + "/proposals"), 404, "not-found");
        assertThat(frankfurt.get(path).status()).isEqualTo(200);
        assertThat(anonymous.withToken(TestTokens.get().programmeOffice()).get(path).status()).isEqualTo(200);
        assertThat(anonymous.get("/api/participation/municipalities/06412000/processes").body()).doesNotContain(id);
        assertThat(kassel.get("/api/participation/municipalities/06412000/processes").body()).doesNotContain(id);
        assertThat(frankfurt.get("/api/participation/municipalities/06412000/processes").body()).contains(id);

        // a staff proposal is as private as its process
        var proposal = frankfurt.post(path + "/proposals", HttpJson.toJson(Map.of("title", "E-Akte für Anträge",
                "topics", List.of("digital-administration"), "citizen", "staff-0001")));
        assertThat(proposal.status()).as(proposal.body()).isEqualTo(201);
        String proposalPath = "/api/participation/proposals/" + proposal.json().path("id").asString();
        Problems.assertProblem(anonymous.get(proposalPath), 404, "not-found");
        Problems.assertProblem(kassel.get(proposalPath), 404, "not-found");
        assertThat(frankfurt.get(proposalPath).status()).isEqualTo(200);
        assertThat(anonymous.get("/api/participation/municipalities/06412000/proposals?limit=500").body())
                .doesNotContain("E-Akte für Anträge");
    }

    @Test
    void onlyTheMunicipalitysOwnClientOpensAProcess() {
        String body = process("Fremdes Verfahren", "CITIZENS", null, phases("PROPOSALS", -1, 24));
        long before = count();
        Problems.assertProblem(kassel.post("/api/participation/municipalities/06412000/processes", body), 403, "forbidden");
        assertThat(anonymous.post("/api/participation/municipalities/06412000/processes", body).status()).isEqualTo(401);
        Problems.assertProblem(anonymous.withToken(TestTokens.get().programmeOffice())
                .post("/api/participation/municipalities/06412000/processes", body), 403, "forbidden");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void badProcessesGetProblemDetailsNamingTheFieldAndStoreNothing() {
        long before = count();
        String path = "/api/participation/municipalities/06412000/processes";
        Problems.assertInvalid(frankfurt.post(path, process("Überlappend", "CITIZENS", null,
                phases("INFORMATION", 0, 48, "PROPOSALS", 24, 96))), "phases[1].startsAt");
        Problems.assertInvalid(frankfurt.post(path, process("Rückwärts", "CITIZENS", null,
                phases("PROPOSALS", 0, 48, "INFORMATION", 48, 96))), "phases[1].type");
        Problems.assertInvalid(frankfurt.post(path, process("Zweimal", "CITIZENS", null,
                phases("PROPOSALS", 0, 48, "PROPOSALS", 48, 96))), "phases[1].type");
        Problems.assertInvalid(frankfurt.post(path, process("Leer", "CITIZENS", null,
                phases("PROPOSALS", 48, 48))), "phases[0].endsAt");
        Problems.assertInvalid(frankfurt.post(path, process("Ohne Phasen", "CITIZENS", null, List.of())), "phases");
        Problems.assertInvalid(frankfurt.post(path, process("Publikum", "EVERYONE", null,
                phases("PROPOSALS", 0, 48))), "audience");
        Problems.assertInvalid(frankfurt.post(path, process("Schwelle", "CITIZENS", 0,
                phases("PROPOSALS", 0, 48))), "supportThreshold");
        Problems.assertInvalid(frankfurt.post(path, process("Phase", "CITIZENS", null,
                phases("VOTING", 0, 48))), "phases[0].type");
        Problems.assertInvalid(frankfurt.post(path, process("", "CITIZENS", null, phases("PROPOSALS", 0, 48))), "title");
        Problems.assertInvalid(anonymous.get("/api/participation/processes/not-a-uuid"), "id");
        Problems.assertProblem(anonymous.get("/api/participation/processes/" + java.util.UUID.randomUUID()), 404, "not-found");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aPhaseChangeIsAnnouncedOnceWhenItsTimeComes() {
        Instant now = Instant.now();
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes", process("Bald offen",
                "CITIZENS", null, List.of(
                        Map.of("type", "INFORMATION", "startsAt", now.minusSeconds(3600).toString(),
                                "endsAt", now.plusSeconds(2).toString()),
                        Map.of("type", "PROPOSALS", "startsAt", now.plusSeconds(2).toString(),
                                "endsAt", now.plusSeconds(3600).toString()))));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = opened.json().path("id").asString();
        assertThat(opened.json().path("currentPhase").asString()).isEqualTo("INFORMATION");

        // the periodic task announces it within its interval; running it here as well changes nothing
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            announcer.announceDue();
            return "PROPOSALS".equals(jdbc.sql("SELECT announced_phase FROM process WHERE id = :id::uuid")
                    .param("id", id).query(String.class).single());
        });
        announcer.announceDue();
        var events = PublishedEvents.read(infra(), TopicCatalogue.PARTICIPATION_EVENTS, id, 2);
        assertThat(events).extracting(PublishedEvents.Published::type).containsExactly(ProcessOpened.TYPE, PhaseChanged.TYPE);
        PhaseChanged changed = EventCodec.fromJson(events.get(1).payload(), PhaseChanged.class);
        assertThat(changed.previousPhase()).isEqualTo("INFORMATION");
        assertThat(changed.phase()).isEqualTo("PROPOSALS");
        assertThat(anonymous.get("/api/participation/processes/" + id).json().path("currentPhase").asString())
                .isEqualTo("PROPOSALS");
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM process").query(Long.class).single();
    }

    private static HubInfrastructure infra() {
        return HubInfrastructure.get();
    }
}
