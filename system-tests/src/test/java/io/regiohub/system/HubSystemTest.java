package io.regiohub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.local.Folders;
import io.regiohub.local.FreePorts;
import io.regiohub.local.LocalHub;
import io.regiohub.local.LocalHubConfig;
import io.regiohub.local.ServiceSpec;
import io.regiohub.test.HttpJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The whole hub as a municipality's IT team runs it: every process of {@code hub-local}, a real
 * Kafka broker and PostgreSQL, and only the gateway's address in hand.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubSystemTest {

    static LocalHubConfig config;
    static LocalHub hub;
    static HttpJson gateway;

    @BeforeAll
    static void startHub() throws Exception {
        Path root = Path.of(System.getProperty("hub.root", "..")).toAbsolutePath().normalize();
        Path data = root.resolve("system-tests/target/hub-data");
        Folders.deleteRecursively(data);
        config = FreePorts.config(root, data, List.of());
        hub = LocalHub.start(config, Duration.ofMinutes(4));
        gateway = new HttpJson(config.url("gateway"));
    }

    /** A demo client's token, fetched through the gateway as a municipality's portal would. */
    static String token(String clientId) {
        var response = gateway.clientCredentials(clientId, "local-only-secret");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("access_token").asString();
    }

    static HttpJson as(String clientId) {
        return gateway.withToken(token(clientId));
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void everyServiceAndTheGatewayReportUpOnTheirOwnPort() {
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            var health = new HttpJson(config.url(s.module())).get("/actuator/health");
            assertThat(health.status()).as(s.module()).isEqualTo(200);
            assertThat(health.json().path("status").asString()).as(s.module()).isEqualTo("UP");
        }
    }

    @Test
    @Order(2)
    void aDemoClientGetsATokenThroughTheGateway() throws Exception {
        String kassel = token("demo-06611000");
        assertThat(kassel).isNotBlank();
        assertThat(gateway.get("/api/identity/municipalities/06611000").json().path("name").asString())
                .isEqualTo("Kassel");
        // the services validate identity-service's tokens: no token, no write; a foreign tenant, no read
        var anonymous = gateway.post("/api/participation/municipalities/06611000/proposals",
                "{\"title\":\"Ohne Token\",\"topics\":[\"wlan\"],\"citizen\":\"c-1\"}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(gateway.withToken(kassel).get("/api/funding/municipalities/06412000/opportunities").status())
                .isEqualTo(403);
    }

    @Test
    @Order(3)
    void aWlanProposalSubmittedAtTheGatewayYieldsAWlanFundingOpportunityWithinFiveSeconds() {
        HttpJson kassel = as("demo-06611000");
        var submitted = kassel.post("/api/participation/municipalities/06611000/proposals", HttpJson.toJson(Map.of(
                "title", "Freies WLAN am Königsplatz",
                "description", "Öffentliches WLAN an den Haltestellen rund um den Königsplatz in Kassel",
                "topics", List.of("wlan"),
                "citizen", "kassel-" + UUID.randomUUID().toString().substring(0, 8))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String proposalId = submitted.json().path("id").asString();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            var opportunities = kassel.get("/api/funding/municipalities/06611000/opportunities");
            assertThat(opportunities.status()).isEqualTo(200);
            List<String> programmes = new java.util.ArrayList<>();
            for (JsonNode o : opportunities.json()) {
                if (o.path("proposalId").asString().equals(proposalId)) {
                    programmes.add(o.path("programmeId").asString());
                    assertThat(o.path("matchedTopics").toString()).contains("wlan");
                }
            }
            assertThat(programmes).contains("wifi4eu", "digitale-dorflinde");
        });
    }

    /**
     * The accountability chain through real services: Frankfurt's citizens propose in a process, the city
     * accepts, applies for funding with the proposal, the programme office approves and disburses, and
     * participation-service shows the proposal funded and being implemented, each step with its source.
     */
    @Test
    @Order(4)
    void aProposalAcceptedFundedAndDisbursedShowsEachStepOfItsAccountability() {
        HttpJson frankfurt = as("demo-06412000");
        HttpJson office = as("demo-program-office");
        java.time.Instant now = java.time.Instant.now();
        var process = frankfurt.post("/api/participation/municipalities/06412000/processes", HttpJson.toJson(Map.of(
                "title", "Mobilität im Ostend", "topics", List.of("mobility"), "supportThreshold", 2,
                "phases", List.of(Map.of("type", "PROPOSALS", "startsAt", now.minusSeconds(3600).toString(),
                        "endsAt", now.plusSeconds(86_400).toString())))));
        assertThat(process.status()).as(process.body()).isEqualTo(201);
        var submitted = frankfurt.post("/api/participation/processes/" + process.json().path("id").asString()
                + "/proposals", HttpJson.toJson(Map.of("title", "Mobilstation am Ostbahnhof",
                "description", "Leihräder, Carsharing und eine Bushaltestelle an einem Ort", "topics", List.of("mobility"),
                "citizen", "ffm-" + UUID.randomUUID().toString().substring(0, 8))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String proposal = submitted.json().path("id").asString();
        String path = "/api/participation/proposals/" + proposal;
        assertThat(frankfurt.request("PUT", path + "/supports/ffm-fan-1", null).status()).isEqualTo(200);
        assertThat(frankfurt.request("PUT", path + "/supports/ffm-fan-2", null).json().path("supportCount").asInt())
                .isEqualTo(2);
        var accepted = frankfurt.post(path + "/answer", HttpJson.toJson(Map.of("status", "ACCEPTED",
                "answer", "Die Stadt beantragt Mittel aus dem Mobilitätsfördergesetz.")));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);

        var application = frankfurt.post("/api/funding/municipalities/06412000/applications", HttpJson.toJson(Map.of(
                "programmeId", "mobfoeg-hessen", "title", "Mobilstation am Ostbahnhof", "amountRequested", 180000,
                "proposalId", proposal)));
        assertThat(application.status()).as(application.body()).isEqualTo(201);
        String applicationPath = "/api/funding/applications/" + application.json().path("id").asString();
        assertThat(frankfurt.post(applicationPath + "/submit", "").status()).isEqualTo(200);
        assertThat(office.post(applicationPath + "/review", "").status()).isEqualTo(200);
        var decided = office.post(applicationPath + "/decision", "{\"approved\":true,\"amountGranted\":150000}");
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "FUNDED".equals(gateway.get(path).json().path("status").asString()));
        assertThat(office.post(applicationPath + "/disbursement", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "IMPLEMENTING".equals(gateway.get(path).json().path("status").asString()));

        JsonNode steps = gateway.get(path).json().path("steps");
        assertThat(steps).extracting(s -> s.path("status").asString() + " by " + s.path("source").asString())
                .containsExactly("ACCEPTED by municipality", "FUNDED by funding-service", "IMPLEMENTING by funding-service");
        assertThat(steps.get(1).path("detail").asString()).contains("150000");
    }

    @Test
    @Order(5)
    void aBadRequestIsA400ProblemDetailsThroughTheGatewayAndStoresNothing() {
        var before = gateway.get("/api/participation/municipalities/06535/proposals").json().size();
        var response = as("demo-06535").post("/api/participation/municipalities/06535/proposals",
                "{\"title\":\"Bürgerbus\",\"topics\":[\"mobility\"]}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("citizen");
        assertThat(gateway.get("/api/participation/municipalities/06535/proposals").json().size()).isEqualTo(before);
    }

    /**
     * Every endpoint of every service's OpenAPI document, called through the gateway without a token,
     * with another municipality's token and with each role it does not allow (OWASP API1/API5).
     */
    @Test
    @Order(6)
    void everyEndpointRefusesMissingTokensForeignMunicipalitiesAndWrongRoles() {
        String frankfurt = "06412000";
        HttpJson owner = as("demo-06412000");
        var submitted = owner.post("/api/participation/municipalities/" + frankfurt + "/proposals", HttpJson.toJson(Map.of(
                "title", "WLAN im Ostpark",
                "description", "Freies WLAN für den Ostpark in Frankfurt",
                "topics", List.of("wlan"),
                "citizen", "ffm-" + UUID.randomUUID().toString().substring(0, 8))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String proposalId = submitted.json().path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                owner.get("/api/funding/municipalities/" + frankfurt + "/opportunities").body().contains(proposalId));

        // Frankfurt's funding data: a consultation booked into a session of the programme office, an application
        HttpJson office = as("demo-program-office");
        var consultation = owner.post("/api/funding/municipalities/" + frankfurt + "/consultations", HttpJson.toJson(Map.of(
                "programmeId", "mobfoeg-hessen", "projectIdea", "Mobilitätsstationen am Ostpark")));
        assertThat(consultation.status()).as(consultation.body()).isEqualTo(201);
        String consultationId = consultation.json().path("id").asString();
        java.time.Instant start = java.time.Instant.now().plus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        var session = office.post("/api/funding/sessions", HttpJson.toJson(Map.of("title", "Sprechstunde MobFöG",
                "format", "GROUP", "capacity", 5, "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(1)).toString(),
                "advisor", "Programmbüro", "location", "Wiesbaden")));
        assertThat(session.status()).as(session.body()).isEqualTo(201);
        String sessionId = session.json().path("id").asString();
        String bookingBody = HttpJson.toJson(Map.of("consultationId", consultationId));
        var booking = owner.post("/api/funding/sessions/" + sessionId + "/bookings", bookingBody);
        assertThat(booking.status()).as(booking.body()).isEqualTo(201);
        var application = owner.post("/api/funding/municipalities/" + frankfurt + "/applications", HttpJson.toJson(Map.of(
                "programmeId", "mobfoeg-hessen", "title", "Mobilitätsstationen am Ostpark", "amountRequested", 250000,
                "consultationId", consultationId)));
        assertThat(application.status()).as(application.body()).isEqualTo(201);
        String applicationId = application.json().path("id").asString();

        // Frankfurt's participation data: a process and a proposal in it (the paths name it, so its id is no
        // test of a leak: it may come back in a problem's instance)
        java.time.Instant now = java.time.Instant.now();
        var process = owner.post("/api/participation/municipalities/" + frankfurt + "/processes", HttpJson.toJson(Map.of(
                "title", "Ostpark digital", "topics", List.of("wlan"), "phases", List.of(Map.of("type", "PROPOSALS",
                        "startsAt", now.minusSeconds(3600).toString(), "endsAt", now.plusSeconds(86_400).toString())))));
        assertThat(process.status()).as(process.body()).isEqualTo(201);
        String processId = process.json().path("id").asString();
        String proposalBody = HttpJson.toJson(Map.of("title", "Sitzbänke mit Ladebuchsen", "topics", List.of("wlan"),
                "citizen", "ffm-matrix-author"));
        var inProcess = owner.post("/api/participation/processes/" + processId + "/proposals", proposalBody);
        assertThat(inProcess.status()).as(inProcess.body()).isEqualTo(201);
        String processProposalId = inProcess.json().path("id").asString();
        String commentBody = HttpJson.toJson(Map.of("citizen", "ffm-matrix-fan", "body", "Gute Idee", "stance", "FOR"));
        var comment = owner.post("/api/participation/proposals/" + processProposalId + "/comments", commentBody);
        assertThat(comment.status()).as(comment.body()).isEqualTo(201);
        String commentId = comment.json().path("id").asString();
        String surveyBody = HttpJson.toJson(Map.of("title", "Bänke im Test", "phase", "PROPOSALS", "questions",
                List.of(Map.of("kind", "SCALE", "text", "Wie bequem?", "required", true))));
        var survey = owner.post("/api/participation/processes/" + processId + "/surveys", surveyBody);
        assertThat(survey.status()).as(survey.body()).isEqualTo(201);
        String surveyId = survey.json().path("id").asString();

        // Frankfurt's mobility data: a feed with a schedule, its import, a hotspot at one of its stops
        var feed = owner.post("/api/mobility/municipalities/" + frankfurt + "/feeds",
                HttpJson.toJson(Map.of("name", "Matrix " + UUID.randomUUID())));
        assertThat(feed.status()).as(feed.body()).isEqualTo(201);
        String feedId = feed.json().path("id").asString();
        var upload = owner.send("POST", "/api/mobility/feeds/" + feedId + "/schedule", "application/zip", tinyGtfs());
        assertThat(upload.status()).as(upload.body()).isEqualTo(202);
        String importId = upload.json().path("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                owner.get("/api/mobility/imports/" + importId).json().path("status").asString().equals("SUCCEEDED"));
        var hotspot = owner.post("/api/mobility/municipalities/" + frankfurt + "/hotspots", HttpJson.toJson(Map.of(
                "name", "Ostpark Haltestelle", "ssid", "FFM-OSTPARK", "feedId", feedId, "stopId", "ostpark")));
        assertThat(hotspot.status()).as(hotspot.body()).isEqualTo(201);
        String hotspotId = hotspot.json().path("id").asString();

        Map<String, String> values = Map.of(
                "ags", frankfurt,
                "key", frankfurt,
                "citizen", "ffm-matrix-fan",
                "bookingId", booking.json().path("id").asString(),
                "clientId", "matrix-probe-client",
                "feedId", feedId,
                "stopId", "ostpark",
                "importId", importId);
        Function<String, Function<String, String>> pathValue = path -> name ->
                // a live board is a stream that never ends: its (published) access is checked on a stop it answers 404 for
                path.endsWith("/departures/live") && name.equals("stopId") ? "no-such-stop"
                : !"id".equals(name) ? values.get(name)
                : path.contains("/hotspots/") ? hotspotId
                : path.contains("/consultations/") ? consultationId
                : path.contains("/sessions/") ? sessionId
                : path.contains("/applications/") ? applicationId
                : path.contains("/programs/") ? "mobfoeg-hessen"
                : path.contains("/processes/") ? processId
                : path.contains("/comments/") ? commentId
                : path.contains("/surveys/") ? surveyId
                : processProposalId;
        var operations = ApiAccessMatrix.operations(gateway);
        assertThat(operations).hasSizeGreaterThanOrEqualTo(50);
        ApiAccessMatrix.check(operations, new ApiAccessMatrix.Fixture(frankfurt, gateway, as("demo-06611000"),
                Map.of("MUNICIPALITY", owner, "PROGRAM_OFFICE", office, "OPS", as("demo-ops")),
                pathValue,
                // what only the owner may see; the ids a request names itself may come back in its problem's
                // instance and detail, so they are no test of a leak
                List.of(proposalId, "Mobilitätsstationen am Ostpark", "\"municipality\":\"" + frankfurt + "\""),
                // bodies a service must read before it can tell whose row the request is about
                Map.ofEntries(
                        Map.entry("POST /api/funding/sessions/{id}/bookings", bookingBody),
                        Map.entry("PUT /api/mobility/hotspots/{id}/status", "{\"status\":\"ACTIVE\"}"),
                        Map.entry("POST /api/participation/processes/{id}/proposals", proposalBody),
                        Map.entry("PUT /api/participation/proposals/{id}", proposalBody),
                        Map.entry("POST /api/participation/proposals/{id}/withdraw", "{\"citizen\":\"ffm-matrix-author\"}"),
                        Map.entry("POST /api/participation/proposals/{id}/answer", "{\"status\":\"ACCEPTED\",\"answer\":\"Wird umgesetzt.\"}"),
                        Map.entry("POST /api/participation/proposals/{id}/comments", commentBody),
                        Map.entry("POST /api/participation/comments/{id}/reports", "{\"citizen\":\"ffm-matrix-fan\"}"),
                        Map.entry("POST /api/participation/comments/{id}/moderation", "{\"action\":\"HIDE\",\"reason\":\"Test\"}"),
                        Map.entry("POST /api/participation/processes/{id}/surveys", surveyBody),
                        Map.entry("PUT /api/participation/surveys/{id}/responses/{citizen}", "{\"answers\":[{\"question\":0,\"value\":4}]}"),
                        Map.entry("POST /api/participation/municipalities/{ags}/erasures", "{\"citizen\":\"ffm-matrix-fan\"}"),
                        Map.entry("POST /api/participation/supports", "{\"supports\":[{\"proposalId\":\"" + processProposalId
                                + "\",\"citizen\":\"ffm-matrix-fan\"}]}"))));
    }

    @Test
    @Order(7)
    void aParticipationProcessKilledBetweenCommitAndPublishStillDeliversTheEventOnce() throws Exception {
        // a participation-service whose relay does not run: what it commits stays in its outbox
        hub.stopService("participation-service", false);
        hub.startService("participation-service", List.of("--regiohub.outbox.enabled=false"), Duration.ofMinutes(3));
        var submitted = as("demo-06535").post("/api/participation/municipalities/06535/proposals", HttpJson.toJson(Map.of(
                "title", "WLAN im Bürgerhaus Lauterbach",
                "topics", List.of("wlan", "rural-development"),
                "citizen", "vb-" + UUID.randomUUID().toString().substring(0, 8))));
        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.json().path("id").asString();
        assertThat(outboxRows()).as("committed, not published").isGreaterThanOrEqualTo(1);

        hub.stopService("participation-service", true); // SIGKILL: the process dies between commit and publish
        hub.startService("participation-service", List.of(), Duration.ofMinutes(3));

        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(opportunityProgrammes(id))
                .containsExactly("digitale-dorflinde", "leader-hessen", "wifi4eu"));
    }

    long outboxRows() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(config.jdbcUrl("participation"), LocalHubConfig.DB_USER,
                LocalHubConfig.DB_PASSWORD); var rs = c.createStatement().executeQuery("SELECT count(*) FROM hub.outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<String> opportunityProgrammes(String proposalId) {
        List<String> programmes = new java.util.ArrayList<>();
        for (JsonNode o : as("demo-06535").get("/api/funding/municipalities/06535/opportunities").json()) {
            if (o.path("proposalId").asString().equals(proposalId)) {
                programmes.add(o.path("programmeId").asString());
            }
        }
        programmes.sort(String::compareTo);
        return programmes;
    }

    @Test
    @Order(8)
    void aRestartOfTheHubKeepsEveryStoredProposal() throws Exception {
        var submitted = as("demo-06412000").post("/api/participation/municipalities/06412000/proposals", HttpJson.toJson(Map.of(
                "title", "Digitale Sprechstunde im Bürgeramt",
                "topics", List.of("digital-administration"),
                "citizen", "ffm-" + UUID.randomUUID().toString().substring(0, 8))));
        String id = submitted.json().path("id").asString();

        hub.close();
        hub = LocalHub.start(config, Duration.ofMinutes(4));

        var after = gateway.get("/api/participation/proposals/" + id);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().path("title").asString()).isEqualTo("Digitale Sprechstunde im Bürgeramt");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(as("demo-06412000").get("/api/funding/municipalities/06412000/opportunities").body())
                        .contains(id));
    }

    /** The smallest useful GTFS feed: one trip between two stops at the Ostpark, every day of 2026 and 2027. */
    private static byte[] tinyGtfs() {
        Map<String, String> files = Map.of(
                "agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nvgf,VGF,https://www.vgf-ffm.de,Europe/Berlin\n",
                "stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nostpark,Ostpark,50.1180,8.7200\nzoo,Zoo,50.1160,8.6990\n",
                "routes.txt", "route_id,agency_id,route_short_name,route_type\nU6,vgf,U6,1\n",
                "calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                        + "all,1,1,1,1,1,1,1,20260101,20271231\n",
                "trips.txt", "route_id,service_id,trip_id\nU6,all,u6-1\n",
                "stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                        + "u6-1,08:00:00,08:00:00,ostpark,1\nu6-1,08:06:00,08:06:00,zoo,2\n");
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var f : files.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
