package io.regiohub.funding.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.events.funding.ConsultationHeld;
import io.regiohub.events.funding.ConsultationRequested;
import io.regiohub.events.funding.ConsultationScheduled;
import io.regiohub.events.funding.ProgrammePublished;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.test.PublishedEvents;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * Programmes, eligibility, consultations and advisory sessions against the real database and broker:
 * each rule as a municipality's staff or the programme office would notice it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "funding")
class ConsultationsAndSessionsTest {

    static final String FRANKFURT = "06412000";
    static final String ALSFELD = "06535001";
    static final String VOGELSBERG = "06535";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    HttpJson office;
    HttpJson frankfurt;
    HttpJson alsfeld;
    HttpJson anonymous;

    @BeforeEach
    void setUp() {
        String base = "http://localhost:" + port;
        TestTokens tokens = TestTokens.get();
        anonymous = new HttpJson(base);
        office = anonymous.withToken(tokens.programmeOffice());
        frankfurt = anonymous.withToken(tokens.municipality(FRANKFURT));
        alsfeld = anonymous.withToken(tokens.municipality(ALSFELD));
        directory(FRANKFURT, "Frankfurt am Main", "DISTRICT_FREE_CITY", null, 775_790, "URBAN");
        directory(ALSFELD, "Alsfeld", "MUNICIPALITY", VOGELSBERG, 15_834, "RURAL");
        directory(VOGELSBERG, "Vogelsbergkreis", "DISTRICT", null, 104_470, "RURAL");
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

    @Test
    void aMunicipalitySeesTheProgrammesItIsEligibleForWithTheReasons() {
        JsonNode rural = anonymous.get("/api/funding/programs?municipality=" + ALSFELD).json();
        JsonNode dorflinde = find(rural, "digitale-dorflinde");
        assertThat(dorflinde).isNotNull();
        assertThat(dorflinde.path("eligible").asBoolean()).isTrue();
        assertThat(dorflinde.path("reasons").toString()).contains("rural").contains("Alsfeld is a municipality");

        JsonNode city = anonymous.get("/api/funding/programs?municipality=" + FRANKFURT).json();
        assertThat(find(city, "digitale-dorflinde")).as("rural programme offered to a city").isNull();
        assertThat(find(city, "mobfoeg-hessen")).isNotNull();
        JsonNode all = anonymous.get("/api/funding/programs?municipality=" + FRANKFURT + "&includeIneligible=true").json();
        assertThat(find(all, "digitale-dorflinde").path("eligible").asBoolean()).isFalse();
        assertThat(find(all, "digitale-dorflinde").path("reasons").toString())
                .contains("only for rural areas; Frankfurt am Main is classified urban");

        var unknown = anonymous.get("/api/funding/programs?municipality=06999999");
        assertThat(unknown.status()).isEqualTo(404);
        var malformed = anonymous.get("/api/funding/programs?municipality=12");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("errors").get(0).path("field").asString()).isEqualTo("municipality");
    }

    @Test
    void theProgrammeOfficePublishesProgrammesWithEligibilityWindowAndBudget(HubInfrastructure infra) {
        String id = "test-programme-" + UUID.randomUUID().toString().substring(0, 8);
        String body = programme(1_000, 20_000, "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "250000.00");
        assertThat(frankfurt.request("PUT", "/api/funding/programs/" + id, body).status()).isEqualTo(403);

        var bad = office.request("PUT", "/api/funding/programs/" + id,
                programme(30_000, 20_000, "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "1000"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("maxPopulation");
        assertThat(anonymous.get("/api/funding/programs/" + id).status()).as("nothing stored").isEqualTo(404);

        var published = office.request("PUT", "/api/funding/programs/" + id, body);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().path("budgetLeft").decimalValue()).isEqualByComparingTo("250000");
        JsonNode forAlsfeld = find(anonymous.get("/api/funding/programs?municipality=" + ALSFELD).json(), id);
        assertThat(forAlsfeld.path("reasons").toString()).contains("15834 inhabitants, within at least 1000 and at most 20000");
        assertThat(find(anonymous.get("/api/funding/programs?municipality=" + FRANKFURT).json(), id)).isNull();

        assertThat(PublishedEvents.types(infra, TopicCatalogue.FUNDING_EVENTS, id, 1)).containsExactly(ProgrammePublished.TYPE);
    }

    @Test
    void aConsultationIsRequestedScheduledHeldAndEveryStepIsRecorded(HubInfrastructure infra) {
        String consultation = requestConsultation(frankfurt, FRANKFURT);
        assertThat(alsfeld.get("/api/funding/consultations/" + consultation).status())
                .as("another municipality does not see it").isEqualTo(404);
        assertThat(alsfeld.post("/api/funding/consultations/" + consultation + "/close", "{}").status()).isEqualTo(404);

        String session = createSession("ONE_TO_ONE", null, 2);
        var booked = frankfurt.post("/api/funding/sessions/" + session + "/bookings", consultationBody(consultation));
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        var again = frankfurt.post("/api/funding/sessions/" + session + "/bookings", consultationBody(consultation));
        assertThat(again.status()).as("the same booking asked for again").isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(booked.json().path("id").asString());
        assertThat(status(consultation)).isEqualTo("SCHEDULED");

        String overlapping = createSession("GROUP", 5, 2);
        var twice = frankfurt.post("/api/funding/sessions/" + overlapping + "/bookings", consultationBody(consultation));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("detail").asString()).contains("overlaps");

        assertThat(frankfurt.post("/api/funding/consultations/" + consultation + "/outcome",
                "{\"outcome\":\"Antrag vorbereiten\",\"followUp\":true}").status()).as("only the office").isEqualTo(403);
        var held = office.post("/api/funding/consultations/" + consultation + "/outcome",
                "{\"outcome\":\"Kostenschätzung nachreichen, dann Antrag\",\"followUp\":true}");
        assertThat(held.status()).as(held.body()).isEqualTo(200);
        assertThat(held.json().path("consultation").path("status").asString()).isEqualTo("FOLLOW_UP");
        var closed = office.post("/api/funding/consultations/" + consultation + "/close", "{\"reason\":\"Antrag gestellt\"}");
        assertThat(closed.json().path("consultation").path("status").asString()).isEqualTo("CLOSED");
        var notAgain = office.post("/api/funding/consultations/" + consultation + "/outcome",
                "{\"outcome\":\"noch einmal\",\"followUp\":false}");
        assertThat(notAgain.status()).isEqualTo(409);

        List<String> steps = new ArrayList<>();
        for (JsonNode t : frankfurt.get("/api/funding/consultations/" + consultation).json().path("history")) {
            steps.add(t.path("from").asString(null) + ">" + t.path("to").asString() + " by " + t.path("actor").asString());
        }
        assertThat(steps).containsExactly("null>REQUESTED by client-" + FRANKFURT, "REQUESTED>SCHEDULED by client-" + FRANKFURT,
                "SCHEDULED>FOLLOW_UP by program-office", "FOLLOW_UP>CLOSED by program-office");
        assertThat(PublishedEvents.types(infra, TopicCatalogue.FUNDING_EVENTS, consultation, 3)).containsExactly(ConsultationRequested.TYPE, ConsultationScheduled.TYPE,
                ConsultationHeld.TYPE);
    }

    @Test
    void twoHundredMunicipalitiesRacingForTenPlacesGetExactlyTen() throws Exception {
        String session = createSession("GROUP", 10, 30);
        List<String> consultations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            consultations.add(requestConsultation(i % 2 == 0 ? frankfurt : alsfeld, i % 2 == 0 ? FRANKFURT : ALSFELD));
        }
        List<Callable<Integer>> bookings = new ArrayList<>();
        for (int i = 0; i < consultations.size(); i++) {
            HttpJson client = i % 2 == 0 ? frankfurt : alsfeld;
            String body = consultationBody(consultations.get(i));
            bookings.add(() -> client.post("/api/funding/sessions/" + session + "/bookings", body).status());
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> f : pool.invokeAll(bookings)) {
                statuses.merge(f.get(), 1, Integer::sum);
            }
        }
        assertThat(statuses).isEqualTo(Map.of(201, 10, 409, 190));
        JsonNode s = office.get("/api/funding/sessions/" + session).json();
        assertThat(s.path("booked").asInt()).isEqualTo(10);
        assertThat(s.path("placesLeft").asInt()).isZero();
        JsonNode all = office.get("/api/funding/sessions/" + session + "/bookings").json();
        assertThat(all.size()).isEqualTo(10);
        List<String> frankfurts = new ArrayList<>();
        for (JsonNode b : all) {
            if (FRANKFURT.equals(b.path("municipality").asString())) {
                frankfurts.add(b.path("id").asString());
            }
        }
        List<String> seenByFrankfurt = new ArrayList<>();
        frankfurt.get("/api/funding/sessions/" + session + "/bookings").json()
                .forEach(b -> seenByFrankfurt.add(b.path("id").asString()));
        assertThat(seenByFrankfurt).as("a municipality sees only its own bookings").isEqualTo(frankfurts);
        assertThat(alsfeld.get("/api/funding/sessions/" + session + "/bookings").json().size())
                .as("... and the two municipalities' own bookings are all ten").isEqualTo(10 - frankfurts.size());

        // a cancellation frees exactly one place, and a consultation left waiting takes it
        JsonNode first = office.get("/api/funding/sessions/" + session + "/bookings").json().get(0);
        HttpJson owner = FRANKFURT.equals(first.path("municipality").asString()) ? frankfurt : alsfeld;
        HttpJson stranger = owner == frankfurt ? alsfeld : frankfurt;
        String bookingPath = "/api/funding/sessions/" + session + "/bookings/" + first.path("id").asString();
        assertThat(stranger.delete(bookingPath).status()).isEqualTo(404);
        assertThat(owner.delete(bookingPath).status()).isEqualTo(204);
        assertThat(owner.delete(bookingPath).status()).as("cancelling twice is harmless").isEqualTo(204);
        assertThat(status(first.path("consultationId").asString())).isEqualTo("REQUESTED");
        String waiting = consultations.stream().filter(c -> status(c).equals("REQUESTED")
                && !c.equals(first.path("consultationId").asString())).findFirst().orElseThrow();
        HttpJson waitingClient = consultations.indexOf(waiting) % 2 == 0 ? frankfurt : alsfeld;
        assertThat(waitingClient.post("/api/funding/sessions/" + session + "/bookings", consultationBody(waiting)).status())
                .isEqualTo(201);
        assertThat(office.get("/api/funding/sessions/" + session).json().path("booked").asInt()).isEqualTo(10);
    }

    @Test
    void theProgrammeOfficeCancelsASessionAndEveryBookingIsReleased() {
        String session = createSession("GROUP", 3, 40);
        String first = requestConsultation(frankfurt, FRANKFURT);
        String second = requestConsultation(alsfeld, ALSFELD);
        assertThat(frankfurt.post("/api/funding/sessions/" + session + "/bookings", consultationBody(first)).status())
                .isEqualTo(201);
        assertThat(alsfeld.post("/api/funding/sessions/" + session + "/bookings", consultationBody(second)).status())
                .isEqualTo(201);

        assertThat(frankfurt.delete("/api/funding/sessions/" + session).status()).as("only the office").isEqualTo(403);
        var cancelled = office.delete("/api/funding/sessions/" + session + "?reason=Referentin%20erkrankt");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("cancelledAt").isNull()).isFalse();
        assertThat(cancelled.json().path("booked").asInt()).isZero();
        assertThat(office.delete("/api/funding/sessions/" + session).status()).as("cancelled already").isEqualTo(409);

        for (String consultation : List.of(first, second)) {
            JsonNode view = office.get("/api/funding/consultations/" + consultation).json();
            assertThat(view.path("consultation").path("status").asString()).isEqualTo("REQUESTED");
            JsonNode last = view.path("history").get(view.path("history").size() - 1);
            assertThat(last.path("detail").asString()).contains("cancelled: Referentin erkrankt");
            assertThat(last.path("actor").asString()).isEqualTo("program-office");
        }
        assertThat(office.get("/api/funding/sessions/" + session + "/bookings").json().findValuesAsString("cancelledAt"))
                .hasSize(2);
        var late = frankfurt.post("/api/funding/sessions/" + session + "/bookings", consultationBody(first));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().path("detail").asString()).contains("cancelled");
    }

    @Test
    void badInputIsAProblemAndStoresNothing() {
        long sessions = jdbc.sql("SELECT count(*) FROM advisory_session").query(Long.class).single();
        var backwards = office.post("/api/funding/sessions", sessionBody("GROUP", 5,
                Instant.now().plus(2, ChronoUnit.DAYS), Instant.now().plus(1, ChronoUnit.DAYS)));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().path("errors").get(0).path("field").asString()).isEqualTo("endsAt");
        var noCapacity = office.post("/api/funding/sessions", sessionBody("GROUP", null,
                Instant.now().plus(1, ChronoUnit.DAYS), Instant.now().plus(2, ChronoUnit.DAYS)));
        assertThat(noCapacity.json().path("errors").get(0).path("field").asString()).isEqualTo("capacity");
        assertThat(frankfurt.post("/api/funding/sessions", sessionBody("GROUP", 5,
                Instant.now().plus(1, ChronoUnit.DAYS), Instant.now().plus(2, ChronoUnit.DAYS))).status()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM advisory_session").query(Long.class).single()).isEqualTo(sessions);

        var unknownProgramme = frankfurt.post("/api/funding/municipalities/" + FRANKFURT + "/consultations",
                "{\"programmeId\":\"no-such-programme\",\"projectIdea\":\"Eine Idee\"}");
        assertThat(unknownProgramme.status()).isEqualTo(400);
        assertThat(unknownProgramme.json().path("errors").get(0).path("field").asString()).isEqualTo("programmeId");
        var foreign = alsfeld.post("/api/funding/municipalities/" + FRANKFURT + "/consultations",
                "{\"programmeId\":\"mobfoeg-hessen\",\"projectIdea\":\"Eine Idee\"}");
        assertThat(foreign.status()).isEqualTo(403);
        var noSession = frankfurt.post("/api/funding/sessions/" + UUID.randomUUID() + "/bookings",
                consultationBody(requestConsultation(frankfurt, FRANKFURT)));
        assertThat(noSession.status()).isEqualTo(404);
    }

    String requestConsultation(HttpJson client, String ags) {
        var response = client.post("/api/funding/municipalities/" + ags + "/consultations",
                "{\"programmeId\":\"mobfoeg-hessen\",\"projectIdea\":\"Mobilitätsstationen an den Bahnhöfen\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    /** A session starting {@code inDays} from now at 09:00 UTC, 90 minutes long. */
    String createSession(String format, Integer capacity, int inDays) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(inDays, ChronoUnit.DAYS).plus(9, ChronoUnit.HOURS);
        var response = office.post("/api/funding/sessions", sessionBody(format, capacity, start,
                start.plus(90, ChronoUnit.MINUTES)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asString();
    }

    static String sessionBody(String format, Integer capacity, Instant start, Instant end) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "Sprechstunde Mobilitätsförderung", "format", format,
                "startsAt", start.toString(), "endsAt", end.toString(), "advisor", "Programmbüro Team Mobilität",
                "location", "Wiesbaden, Raum 2.14"));
        if (capacity != null) {
            body.put("capacity", capacity);
        }
        return HttpJson.toJson(body);
    }

    static String consultationBody(String consultationId) {
        return "{\"consultationId\":\"" + consultationId + "\"}";
    }

    String status(String consultation) {
        return office.get("/api/funding/consultations/" + consultation).json().path("consultation").path("status")
                .asString();
    }

    static String programme(int min, int max, String opens, String deadline, String budget) {
        return "{\"name\":\"Testprogramm Dorfmobilität\",\"funder\":\"Land Hessen\",\"description\":\"Für Tests\","
                + "\"topics\":[\"mobility\"],\"eligibleKinds\":[\"MUNICIPALITY\"],\"minPopulation\":" + min
                + ",\"maxPopulation\":" + max + ",\"opensAt\":\"" + opens + "\",\"deadline\":\"" + deadline
                + "\",\"budget\":" + budget + "}";
    }

    static JsonNode find(JsonNode programmes, String id) {
        for (JsonNode p : programmes) {
            if (id.equals(p.path("id").asString())) {
                return p;
            }
        }
        return null;
    }

}
