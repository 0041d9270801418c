package io.regiohub.funding.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.events.funding.ApplicationDecided;
import io.regiohub.events.funding.ApplicationSubmitted;
import io.regiohub.events.funding.FundsDisbursed;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.test.PublishedEvents;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Funding applications from draft to completion, the deadline, and approvals racing for a budget. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "funding")
class ApplicationsTest {

    static final String KASSEL = "06611000";
    static final String FRANKFURT = "06412000";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    HttpJson office;
    HttpJson kassel;
    HttpJson frankfurt;

    @BeforeEach
    void setUp() {
        HttpJson anonymous = new HttpJson("http://localhost:" + port);
        TestTokens tokens = TestTokens.get();
        office = anonymous.withToken(tokens.programmeOffice());
        kassel = anonymous.withToken(tokens.municipality(KASSEL));
        frankfurt = anonymous.withToken(tokens.municipality(FRANKFURT));
    }

    @Test
    void anApplicationGoesFromDraftToCompletionAndEveryStepIsRecorded(HubInfrastructure infra) {
        String programme = programme("2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "500000.00");
        UUID proposal = UUID.randomUUID();
        String id = draft(kassel, KASSEL, programme, "80000.00", proposal);
        assertThat(frankfurt.get("/api/funding/applications/" + id).status()).as("another municipality").isEqualTo(404);
        assertThat(frankfurt.post("/api/funding/applications/" + id + "/submit", "").status()).isEqualTo(404);
        assertThat(office.post("/api/funding/applications/" + id + "/decision",
                "{\"approved\":true,\"amountGranted\":1000}").status()).as("a draft is not decided").isEqualTo(409);

        assertThat(kassel.post("/api/funding/applications/" + id + "/submit", "").status()).isEqualTo(200);
        assertThat(kassel.post("/api/funding/applications/" + id + "/review", "").status()).isEqualTo(403);
        assertThat(office.post("/api/funding/applications/" + id + "/review", "").status()).isEqualTo(200);
        var decided = office.post("/api/funding/applications/" + id + "/decision",
                "{\"approved\":true,\"amountGranted\":75000.00}");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        assertThat(decided.json().path("application").path("amountGranted").decimalValue()).isEqualByComparingTo("75000");
        assertThat(office.get("/api/funding/programs/" + programme).json().path("budgetLeft").decimalValue())
                .isEqualByComparingTo("425000");
        assertThat(office.post("/api/funding/applications/" + id + "/disbursement", "").status()).isEqualTo(200);
        var completed = kassel.post("/api/funding/applications/" + id + "/completion", "");
        assertThat(completed.json().path("application").path("status").asString()).isEqualTo("COMPLETED");

        List<String> steps = new ArrayList<>();
        for (JsonNode t : completed.json().path("history")) {
            steps.add(t.path("to").asString() + " by " + t.path("actor").asString());
        }
        assertThat(steps).containsExactly("DRAFT by client-" + KASSEL, "SUBMITTED by client-" + KASSEL,
                "IN_REVIEW by program-office", "APPROVED by program-office",
                "FUNDS_DISBURSED by program-office", "COMPLETED by client-" + KASSEL);
        assertThat(PublishedEvents.types(infra, TopicCatalogue.FUNDING_EVENTS, id, 3))
                .containsExactly(ApplicationSubmitted.TYPE, ApplicationDecided.TYPE, FundsDisbursed.TYPE);
    }

    @Test
    void submittingAfterTheDeadlineIsRefusedAndTheDraftStays() {
        String programme = programme("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", "100000.00");
        String id = draft(kassel, KASSEL, programme, "5000.00", null);
        var late = kassel.post("/api/funding/applications/" + id + "/submit", "");
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.header("Content-Type")).startsWith("application/problem+json");
        assertThat(late.json().path("detail").asString()).contains("2021-01-01");
        assertThat(late.json().path("errors").get(0).path("field").asString()).isEqualTo("programmeId");
        assertThat(status(id)).isEqualTo("DRAFT");
    }

    @Test
    void approvalsRacingForTheLastOfABudgetNeverGrantMoreThanIsLeft() throws Exception {
        String programme = programme("2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "50000.00");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = draft(i % 2 == 0 ? kassel : frankfurt, i % 2 == 0 ? KASSEL : FRANKFURT, programme, "10000.00", null);
            assertThat((i % 2 == 0 ? kassel : frankfurt).post("/api/funding/applications/" + id + "/submit", "").status())
                    .isEqualTo(200);
            ids.add(id);
        }
        List<Callable<Integer>> decisions = new ArrayList<>();
        for (String id : ids) {
            decisions.add(() -> office.post("/api/funding/applications/" + id + "/decision",
                    "{\"approved\":true,\"amountGranted\":10000.00}").status());
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> f : pool.invokeAll(decisions)) {
                statuses.merge(f.get(), 1, Integer::sum);
            }
        }
        assertThat(statuses).isEqualTo(Map.of(200, 5, 409, 15));
        assertThat(office.get("/api/funding/programs/" + programme).json().path("budgetLeft").decimalValue())
                .isEqualByComparingTo("0");
        BigDecimal granted = jdbc.sql("SELECT coalesce(sum(amount_granted), 0) FROM application WHERE programme_id = :p")
                .param("p", programme).query(BigDecimal.class).single();
        assertThat(granted).isEqualByComparingTo("50000");
        assertThat(ids.stream().map(this::status).filter("SUBMITTED"::equals).count()).as("refused ones wait").isEqualTo(15);
    }

    @Test
    void badDecisionsAreProblemsAndChangeNothing() {
        String programme = programme("2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "30000.00");
        String id = draft(kassel, KASSEL, programme, "10000.00", null);
        kassel.post("/api/funding/applications/" + id + "/submit", "");
        var noAmount = office.post("/api/funding/applications/" + id + "/decision", "{\"approved\":true}");
        assertThat(noAmount.status()).isEqualTo(400);
        assertThat(noAmount.json().path("errors").get(0).path("field").asString()).isEqualTo("amountGranted");
        var tooMuch = office.post("/api/funding/applications/" + id + "/decision",
                "{\"approved\":true,\"amountGranted\":10000.01}");
        assertThat(tooMuch.status()).isEqualTo(400);
        var noApproved = office.post("/api/funding/applications/" + id + "/decision", "{\"amountGranted\":5}");
        assertThat(noApproved.json().path("errors").get(0).path("field").asString()).isEqualTo("approved");
        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(office.get("/api/funding/programs/" + programme).json().path("budgetLeft").decimalValue())
                .isEqualByComparingTo("30000");

        var foreignConsultation = kassel.post("/api/funding/municipalities/" + KASSEL + "/applications",
                "{\"programmeId\":\"" + programme + "\",\"title\":\"Projekt\",\"amountRequested\":100,"
                        + "\"consultationId\":\"" + UUID.randomUUID() + "\"}");
        assertThat(foreignConsultation.status()).isEqualTo(400);
        assertThat(foreignConsultation.json().path("errors").get(0).path("field").asString()).isEqualTo("consultationId");
        var negative = kassel.post("/api/funding/municipalities/" + KASSEL + "/applications",
                "{\"programmeId\":\"" + programme + "\",\"title\":\"Projekt\",\"amountRequested\":-5}");
        assertThat(negative.json().path("errors").get(0).path("field").asString()).isEqualTo("amountRequested");
        assertThat(office.post("/api/funding/municipalities/" + KASSEL + "/applications",
                "{\"programmeId\":\"" + programme + "\",\"title\":\"Projekt\",\"amountRequested\":5}").status())
                .as("the office does not apply for a municipality").isEqualTo(403);
    }

    String programme(String opens, String deadline, String budget) {
        String id = "test-" + UUID.randomUUID().toString().substring(0, 8);
        var response = office.request("PUT", "/api/funding/programs/" + id, "{\"name\":\"Testprogramm\","
                + "\"funder\":\"Land Hessen\",\"description\":\"Für Tests\",\"topics\":[\"wlan\"],\"opensAt\":\"" + opens
                + "\",\"deadline\":\"" + deadline + "\",\"budget\":" + budget + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return id;
    }

    static String draft(HttpJson client, String ags, String programme, String amount, UUID proposal) {
        var response = client.post("/api/funding/municipalities/" + ags + "/applications",
                "{\"programmeId\":\"" + programme + "\",\"title\":\"Freies WLAN am Bahnhof\",\"amountRequested\":" + amount
                        + (proposal == null ? "" : ",\"proposalId\":\"" + proposal + "\"") + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    String status(String id) {
        return office.get("/api/funding/applications/" + id).json().path("application").path("status").asString();
    }
}
