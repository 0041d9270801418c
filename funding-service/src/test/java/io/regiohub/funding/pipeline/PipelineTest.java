package io.regiohub.funding.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.test.HttpJson;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The programme office's pipeline: its figures move with every change and agree with a full recount. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "funding")
class PipelineTest {

    static final String LAUTERBACH = "06535012";
    static final String KASSEL = "06611000";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    HttpJson office;
    HttpJson lauterbach;
    HttpJson kassel;

    @BeforeEach
    void setUp() {
        HttpJson anonymous = new HttpJson("http://localhost:" + port);
        TestTokens tokens = TestTokens.get();
        office = anonymous.withToken(tokens.programmeOffice());
        lauterbach = anonymous.withToken(tokens.municipality(LAUTERBACH));
        kassel = anonymous.withToken(tokens.municipality(KASSEL));
        jdbc.sql("""
                        INSERT INTO hub.municipality_directory (municipality_key, name, kind, district_key, population,
                                                                classification, recorded_at)
                        VALUES ('06535012', 'Lauterbach (Hessen)', 'MUNICIPALITY', '06535', 13600, 'RURAL', now()),
                               ('06611000', 'Kassel', 'DISTRICT_FREE_CITY', NULL, 204687, 'URBAN', now())
                        ON CONFLICT (municipality_key) DO NOTHING""").update();
    }

    @Test
    void aMunicipalityAdvisedAppliedAndApprovedMovesEveryFigureItBelongsTo() {
        JsonNode before = office.get("/api/funding/pipeline").json();
        String consultation = consultation(lauterbach, LAUTERBACH);
        book(lauterbach, consultation);
        assertThat(office.post("/api/funding/consultations/" + consultation + "/outcome",
                "{\"outcome\":\"Antrag stellen\",\"followUp\":false}").status()).isEqualTo(200);
        String application = application(lauterbach, LAUTERBACH, consultation);
        assertThat(lauterbach.post("/api/funding/applications/" + application + "/submit", "").status()).isEqualTo(200);
        assertThat(office.post("/api/funding/applications/" + application + "/decision",
                "{\"approved\":true,\"amountGranted\":40000}").status()).isEqualTo(200);
        JsonNode after = office.get("/api/funding/pipeline").json();

        assertThat(stage(after, "consultation", "HELD") - stage(before, "consultation", "HELD")).isEqualTo(1);
        assertThat(stage(after, "application", "APPROVED") - stage(before, "application", "APPROVED")).isEqualTo(1);
        assertThat(after.path("consultationsHeld").asLong() - before.path("consultationsHeld").asLong()).isEqualTo(1);
        String month = Instant.now().toString().substring(0, 7);
        assertThat(monthHeld(after, month) - monthHeld(before, month)).isEqualTo(1);

        // Lauterbach moved from "not consulted" to "consulted, applied, approved" among the rural municipalities
        JsonNode ruralConsultedBefore = group(before.path("byClassification"), "RURAL", true);
        JsonNode ruralConsulted = group(after.path("byClassification"), "RURAL", true);
        assertThat(ruralConsulted.path("municipalities").asLong() - count(ruralConsultedBefore, "municipalities")).isEqualTo(1);
        assertThat(ruralConsulted.path("applied").asLong() - count(ruralConsultedBefore, "applied")).isEqualTo(1);
        assertThat(ruralConsulted.path("approved").asLong() - count(ruralConsultedBefore, "approved")).isEqualTo(1);
        assertThat(group(after.path("byDistrict"), "06535", true).path("approved").asLong())
                .isEqualTo(count(group(before.path("byDistrict"), "06535", true), "approved") + 1);

        var csv = office.get("/api/funding/pipeline", "Accept", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("section,dimension_1,dimension_2,dimension_3,measure,value\r\n")
                .contains("\r\nstage,mobfoeg-hessen,application,APPROVED,count,")
                .contains("\r\nclassification,RURAL,consulted,,approved,")
                .contains("\r\ndistrict,06535,consulted,,municipalities,")
                .contains("\r\nconsultation,,,,median_days_to_consultation,");
        assertThat(lauterbach.get("/api/funding/pipeline").status()).as("the office's view only").isEqualTo(403);
    }

    @Test
    void theCountsAgreeWithARecountOfEveryConsultationAndApplication() {
        // a mix of every kind of change, including cancellations, follow-ups, rejections and closings
        for (int i = 0; i < 6; i++) {
            HttpJson client = i % 2 == 0 ? lauterbach : kassel;
            String ags = i % 2 == 0 ? LAUTERBACH : KASSEL;
            String c = consultation(client, ags);
            String booking = book(client, c);
            if (i % 3 == 0) {
                assertThat(client.delete(booking).status()).isEqualTo(204);
                office.post("/api/funding/consultations/" + c + "/close", "{\"reason\":\"zurückgezogen\"}");
            } else {
                office.post("/api/funding/consultations/" + c + "/outcome",
                        "{\"outcome\":\"beraten\",\"followUp\":" + (i % 3 == 1) + "}");
            }
            String a = application(client, ags, null);
            client.post("/api/funding/applications/" + a + "/submit", "");
            if (i % 2 == 0) {
                office.post("/api/funding/applications/" + a + "/decision", "{\"approved\":false,\"reason\":\"nicht förderfähig\"}");
            }
        }
        assertThat(rows("SELECT programme_id, aggregate, status, count FROM pipeline_stage WHERE count > 0"))
                .containsExactlyInAnyOrderElementsOf(rows("""
                        SELECT programme_id, 'consultation', status, count(*) FROM consultation GROUP BY 1, 3
                        UNION ALL SELECT programme_id, 'application', status, count(*) FROM application GROUP BY 1, 3"""));
        assertThat(rows("SELECT month, requested, held FROM pipeline_month WHERE requested > 0 OR held > 0"))
                .containsExactlyInAnyOrderElementsOf(rows("""
                        SELECT month, sum(r), sum(h) FROM (
                          SELECT date_trunc('month', requested_at AT TIME ZONE 'UTC')::date AS month, 1 AS r, 0 AS h FROM consultation
                          UNION ALL SELECT date_trunc('month', first_held_at AT TIME ZONE 'UTC')::date, 0, 1 FROM consultation
                          WHERE first_held_at IS NOT NULL) m GROUP BY month"""));
        assertThat(rows("SELECT days, count FROM pipeline_days_to_consultation")).containsExactlyInAnyOrderElementsOf(rows(
                "SELECT floor(extract(epoch FROM first_held_at - requested_at) / 86400)::int, count(*) FROM consultation "
                        + "WHERE first_held_at IS NOT NULL GROUP BY 1"));
        assertThat(rows("SELECT municipality, consulted, applied, approved FROM pipeline_municipality"))
                .containsExactlyInAnyOrderElementsOf(rows("""
                        SELECT municipality, bool_or(c), bool_or(a), bool_or(p) FROM (
                          SELECT municipality, first_held_at IS NOT NULL AS c, false AS a, false AS p FROM consultation
                          UNION ALL SELECT municipality, false, status <> 'DRAFT',
                                           status IN ('APPROVED', 'FUNDS_DISBURSED', 'COMPLETED') FROM application) x
                        GROUP BY municipality"""));
        Double median = jdbc.sql("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(extract(epoch FROM "
                + "first_held_at - requested_at) / 86400)) FROM consultation WHERE first_held_at IS NOT NULL")
                .query(Double.class).single();
        JsonNode pipeline = office.get("/api/funding/pipeline").json();
        assertThat(pipeline.path("medianDaysToConsultation").asDouble()).isEqualTo(median);
    }

    @Test
    void operationsRecountTheFiguresFromTheRowsThemselves() {
        consultation(kassel, KASSEL);
        String stages = "SELECT programme_id, aggregate, status, count FROM pipeline_stage WHERE count > 0";
        List<String> right = rows(stages);
        jdbc.sql("UPDATE pipeline_stage SET count = count + 7").update(); // as if a bulk import had bypassed them
        jdbc.sql("DELETE FROM pipeline_municipality").update();
        assertThat(rows(stages)).isNotEqualTo(right);

        HttpJson ops = new HttpJson("http://localhost:" + port).withToken(TestTokens.get().ops());
        assertThat(office.post("/api/funding/pipeline/recount", "").status()).isEqualTo(403);
        assertThat(ops.post("/api/funding/pipeline/recount", "").status()).isEqualTo(200);
        assertThat(rows(stages)).containsExactlyInAnyOrderElementsOf(right);
        assertThat(rows("SELECT municipality FROM pipeline_municipality")).contains(KASSEL);
    }

    List<String> rows(String sql) {
        return jdbc.sql(sql).query((rs, row) -> {
            List<String> cells = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                cells.add(String.valueOf(rs.getObject(i)));
            }
            return String.join("|", cells);
        }).list();
    }

    String consultation(HttpJson client, String ags) {
        var r = client.post("/api/funding/municipalities/" + ags + "/consultations",
                "{\"programmeId\":\"mobfoeg-hessen\",\"projectIdea\":\"Bürgerbus für die Ortsteile\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    /** Books the consultation into a new one-to-one session; returns the booking's path. */
    String book(HttpJson client, String consultation) {
        Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES)
                .plus((long) (Math.random() * 100_000), ChronoUnit.MINUTES);
        var session = office.post("/api/funding/sessions", HttpJson.toJson(Map.of("title", "Sprechstunde",
                "format", "ONE_TO_ONE", "startsAt", start.toString(), "endsAt", start.plus(1, ChronoUnit.HOURS).toString(),
                "advisor", "Programmbüro", "location", "online")));
        String sessionId = session.json().path("id").asString();
        var booked = client.post("/api/funding/sessions/" + sessionId + "/bookings",
                "{\"consultationId\":\"" + consultation + "\"}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        return "/api/funding/sessions/" + sessionId + "/bookings/" + booked.json().path("id").asString();
    }

    String application(HttpJson client, String ags, String consultation) {
        var r = client.post("/api/funding/municipalities/" + ags + "/applications", HttpJson.toJson(
                consultation == null ? Map.of("programmeId", "mobfoeg-hessen", "title", "Bürgerbus", "amountRequested", 50000)
                        : Map.of("programmeId", "mobfoeg-hessen", "title", "Bürgerbus", "amountRequested", 50000,
                        "consultationId", consultation)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    static long stage(JsonNode pipeline, String aggregate, String status) {
        for (JsonNode p : pipeline.path("programmes")) {
            if (p.path("programmeId").asString().equals("mobfoeg-hessen")) {
                return p.path(aggregate.equals("consultation") ? "consultations" : "applications").path(status).asLong();
            }
        }
        throw new AssertionError("mobfoeg-hessen is not in the pipeline");
    }

    static long monthHeld(JsonNode pipeline, String month) {
        for (JsonNode m : pipeline.path("months")) {
            if (m.path("month").asString().equals(month)) {
                return m.path("held").asLong();
            }
        }
        return 0;
    }

    static JsonNode group(JsonNode conversions, String group, boolean consulted) {
        for (JsonNode c : conversions) {
            if (c.path("group").asString().equals(group) && c.path("consulted").asBoolean() == consulted) {
                return c;
            }
        }
        return null;
    }

    static long count(JsonNode conversion, String field) {
        return conversion == null ? 0 : conversion.path(field).asLong();
    }
}
