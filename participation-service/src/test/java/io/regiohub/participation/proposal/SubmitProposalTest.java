package io.regiohub.participation.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.regiohub.events.EventCodec;
import io.regiohub.events.EventSchemas;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.test.HttpJson;
import io.regiohub.test.Problems;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "participation")
class SubmitProposalTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Outbox outbox;

    HttpJson anonymous;
    HttpJson http; // Frankfurt am Main's client
    KafkaConsumer<String, byte[]> events;
    final Map<String, ConsumerRecord<String, byte[]>> received = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp(HubInfrastructure infra) {
        anonymous = new HttpJson("http://localhost:" + port);
        http = as("06412000");
        events = infra.newConsumer(new StringDeserializer(), new ByteArrayDeserializer());
        events.subscribe(List.of(TopicCatalogue.PARTICIPATION_EVENTS.topic()));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /** The client of a municipality, with a token of the test issuer. */
    HttpJson as(String ags) {
        return anonymous.withToken(TestTokens.get().municipality(ags));
    }

    private void pollEvents() {
        for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(200))) {
            CloudEvent ce = HubCloudEvents.fromRecord(r.headers(), r.value());
            if (!ProposalSubmitted.TYPE.equals(ce.getType())) {
                continue; // the ideas box's process.opened, and other tests' events
            }
            received.put(EventCodec.fromJson(ce.getData().toBytes(), ProposalSubmitted.class).proposalId().toString(), r);
        }
    }

    private static String body(String title, List<String> topics) {
        return HttpJson.toJson(Map.of("title", title, "description", "Beschreibung", "topics", topics,
                "citizen", "citizen-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    @Test
    void submittedProposalIsStoredAndItsEventPublishedAsACloudEventThatConformsToTheSchema() {
        var response = http.post("/api/participation/municipalities/06412000/proposals",
                body("Freies WLAN an der Hauptwache", List.of("wlan", "public-transport")));

        assertThat(response.status()).isEqualTo(201);
        String id = response.json().path("id").asString();
        assertThat(response.header("Location")).isEqualTo("/api/participation/proposals/" + id);
        assertThat(anonymous.get("/api/participation/proposals/" + id).json().path("title").asString())
                .as("proposals are published content").isEqualTo("Freies WLAN an der Hauptwache");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            pollEvents();
            assertThat(received).containsKey(id);
        });
        ConsumerRecord<String, byte[]> record = received.get(id);
        assertThat(record.key()).isEqualTo(id);
        CloudEvent ce = HubCloudEvents.fromRecord(record.headers(), record.value());
        assertThat(ce.getType()).isEqualTo("io.regiohub.participation.proposal.submitted.v1");
        assertThat(ce.getSource().toString()).isEqualTo("/participation-service");
        assertThat(ce.getSubject()).isEqualTo("proposal/" + id);
        assertThat(HubCloudEvents.municipality(ce)).isEqualTo("06412000");
        assertThat(record.headers().lastHeader("__TypeId__")).as("no Java type headers").isNull();
        assertThat(EventSchemas.violations(ce.getType(), ce.getData().toBytes())).isEmpty();
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void proposalsSubmittedWhileKafkaIsUnreachableAreAllPublishedWhenItReturns(HubInfrastructure infra) {
        List<String> ids = new ArrayList<>();
        infra.interruptKafka();
        try {
            for (int i = 0; i < 5; i++) {
                var response = as("06611000").post("/api/participation/municipalities/06611000/proposals",
                        body("Mobilitätsstation " + i, List.of("mobility")));
                assertThat(response.status()).as("the API stays available while Kafka is down").isEqualTo(201);
                ids.add(response.json().path("id").asString());
            }
            assertThat(outbox.pending()).as("events wait in the outbox").isGreaterThanOrEqualTo(5);
        } finally {
            infra.restoreKafka();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            pollEvents();
            assertThat(received.keySet()).containsAll(ids);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending() == 0);
    }

    @Test
    void everyEventOfConcurrentSubmissionsIsPublished() throws Exception {
        // concurrent transactions commit out of seq order; the relay must never drop one that
        // commits while it is publishing a batch of later ones
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                pool.submit(() -> {
                    var response = as("06535").post("/api/participation/municipalities/06535/proposals",
                            body("Bürgerbus für Ortsteil " + n, List.of("mobility")));
                    assertThat(response.status()).isEqualTo(201);
                    ids.add(response.json().path("id").asString());
                });
            }
        }
        assertThat(ids).hasSize(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            pollEvents();
            assertThat(received.keySet()).containsAll(ids);
        });
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void badRequestsGetProblemDetailsNamingTheFieldAndStoreNothing() {
        // other tests' events may still be on their way out: start from an empty outbox
        await().atMost(Duration.ofSeconds(20)).until(() -> outbox.pending() == 0);
        long proposalsBefore = countProposals();
        long outboxBefore = outbox.pending();
        String path = "/api/participation/municipalities/06412000/proposals";

        Problems.assertInvalid(http.post(path, "{\"description\":\"x\",\"topics\":[\"wlan\"],\"citizen\":\"c-123\"}"),
                "title");
        Problems.assertInvalid(http.post(path, "{\"title\":\"Freies WLAN\",\"topics\":[\"teleportation\"],\"citizen\":\"c-123\"}"),
                "topics[0]");
        Problems.assertInvalid(http.post(path, "{\"title\":\"Freies WLAN\",\"topics\":[],\"citizen\":\"c-123\"}"), "topics");
        Problems.assertInvalid(http.post(path, "{\"title\":\"Freies WLAN\",\"topics\":\"wlan\",\"citizen\":\"c-123\"}"),
                "topics");
        Problems.assertInvalid(http.post(path, "{\"title\":\"Freies WLAN\",\"topics\":[\"wlan\"],\"citizen\":\"max@example.org\"}"),
                "citizen");
        Problems.assertInvalid(http.post(path, "{\"title\": \"Freies WLAN\", \"topics\": [\"wlan\""), "body");
        Problems.assertInvalid(http.post(path, ""), "body");
        Problems.assertInvalid(http.post("/api/participation/municipalities/6412000/proposals",
                body("Freies WLAN", List.of("wlan"))), "ags");
        Problems.assertInvalid(http.post("/api/participation/municipalities/99412000/proposals",
                body("Freies WLAN", List.of("wlan"))), "ags");
        Problems.assertInvalid(http.get("/api/participation/proposals/not-a-uuid"), "id");
        Problems.assertInvalid(http.post(path, "{\"title\":\"\u2003\u2003\u2003\",\"topics\":[\"wlan\"],\"citizen\":\"c-123\"}"),
                "title");
        Problems.assertInvalid(http.post(path, "{\"title\":\"Freies WLAN\",\"description\":\"a\\u0000b\",\"topics\":[\"wlan\"],"
                + "\"citizen\":\"c-123\"}"), "description");
        Problems.assertInvalid(http.post(path, "{\"title\":\"Freies\\nWLAN\",\"topics\":[\"wlan\"],\"citizen\":\"c-123\"}"), "title");

        assertThat(countProposals()).isEqualTo(proposalsBefore);
        assertThat(outbox.pending()).isEqualTo(outboxBefore);
    }

    @Test
    void aTitleOfTwoEmojisIsAcceptedAsValidationSaysAndStoredWhole() {
        var response = http.post("/api/participation/municipalities/06412000/proposals",
                body("\uD83D\uDE0C\uD83D\uDE8C", List.of("mobility")));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("title").asString()).isEqualTo("\uD83D\uDE0C\uD83D\uDE8C");
    }

    @Test
    void aRetriedSubmissionWithTheSameIdempotencyKeyCreatesOneProposal() {
        String body = body("Sitzbänke mit Solarladestation", List.of("climate"));
        HttpJson district = as("06535");
        var first = district.post("/api/participation/municipalities/06535/proposals", body, "Idempotency-Key", "key-0001-abcd");
        var second = district.post("/api/participation/municipalities/06535/proposals", body, "Idempotency-Key", "key-0001-abcd");
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(jdbc.sql("SELECT count(*) FROM proposal WHERE idempotency_key = 'key-0001-abcd'")
                .query(Long.class).single()).isEqualTo(1);

        var reused = district.post("/api/participation/municipalities/06535/proposals",
                body("Etwas ganz anderes", List.of("climate")), "Idempotency-Key", "key-0001-abcd");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void onlyTheMunicipalitysOwnClientSubmitsAndNothingIsStoredOtherwise() {
        long before = countProposals();
        String path = "/api/participation/municipalities/06412000/proposals";
        String body = body("Fremder Vorschlag", List.of("wlan"));

        var noToken = anonymous.post(path, body);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous.withToken("not-a-jwt").post(path, body).status()).isEqualTo(401);
        var expired = anonymous.withToken(TestTokens.get().token("c", "06412000", List.of("MUNICIPALITY"),
                Duration.ofSeconds(-120))).post(path, body);
        assertThat(expired.status()).as("an expired token").isEqualTo(401);

        var kassel = as("06611000").post(path, body);
        assertThat(kassel.status()).isEqualTo(403);
        assertThat(kassel.header("Content-Type")).startsWith("application/problem+json");
        assertThat(kassel.body()).doesNotContain("Fremder Vorschlag");
        assertThat(anonymous.withToken(TestTokens.get().programmeOffice()).post(path, body).status()).isEqualTo(403);
        assertThat(anonymous.withToken(TestTokens.get().ops()).post(path, body).status()).isEqualTo(403);

        assertThat(countProposals()).isEqualTo(before);
    }

    @Test
    void unknownProposalIs404ProblemDetails() {
        var response = http.get("/api/participation/proposals/" + UUID.randomUUID());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).contains("does not exist");
    }

    private long countProposals() {
        return jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single();
    }
}
