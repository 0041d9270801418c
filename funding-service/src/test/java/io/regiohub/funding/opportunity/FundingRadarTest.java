package io.regiohub.funding.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.EventCatalogue;
import io.regiohub.events.DomainEvent;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.ProposalAnswered;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.starter.messaging.HubKafkaConfiguration;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.outbox.OutboxRelay;
import io.regiohub.test.HttpJson;
import io.regiohub.test.PublishedEvents;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.TestTokens;
import io.regiohub.test.UsesHubInfrastructure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The funding radar against the real broker and database, with the faults injected that the
 * event backbone must survive: duplicates, a relay that dies before or after publishing, and
 * events that can never be processed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesHubInfrastructure(database = "funding")
class FundingRadarTest {

    static final String DLT = TopicCatalogue.PARTICIPATION_EVENTS.deadLetterTopic(FundingRadar.CONSUMER);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    TransactionTemplate tx;

    HttpJson anonymous;
    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp(HubInfrastructure infra) {
        anonymous = new HttpJson("http://localhost:" + port);
        producer = infra.newProducer(new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        producer.close();
        relay.setAfterSendHook(null);
        relay.start();
    }

    static ProposalSubmitted proposal(String municipality, List<String> topics) {
        return new ProposalSubmitted(UUID.randomUUID(), municipality, null, "Freies WLAN am Bahnhof", null, topics,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    void send(DomainEvent event, UUID eventId) {
        PublishedEvents.send(producer, eventId, "/participation-service", event);
    }

    List<String> programmesFor(UUID proposalId) {
        return jdbc.sql("SELECT programme_id FROM funding_opportunity WHERE proposal_id = :id ORDER BY programme_id")
                .param("id", proposalId).query(String.class).list();
    }

    long inboxRows(String eventId) {
        return jdbc.sql("SELECT count(*) FROM hub.inbox WHERE event_id = :id").param("id", eventId)
                .query(Long.class).single();
    }

    @Test
    void aWlanProposalYieldsTheWlanProgrammesAsOpportunitiesOfItsMunicipality() throws Exception {
        ProposalSubmitted p = proposal("06412000", List.of("wlan"));
        send(p, UUID.randomUUID());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(programmesFor(p.proposalId())).containsExactly("digitale-dorflinde", "leader-hessen", "wifi4eu"));

        var response = anonymous.withToken(TestTokens.get().municipality("06412000"))
                .get("/api/funding/municipalities/06412000/opportunities");
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> mine = new ArrayList<>();
        response.json().forEach(o -> {
            if (o.path("proposalId").asString().equals(p.proposalId().toString())) {
                mine.add(o);
            }
        });
        assertThat(mine).hasSize(3);
        JsonNode wifi4eu = mine.stream().filter(o -> o.path("programmeId").asString().equals("wifi4eu")).findFirst()
                .orElseThrow();
        assertThat(wifi4eu.path("programmeName").asString()).isEqualTo("WiFi4EU");
        assertThat(wifi4eu.path("matchedTopics").get(0).asString()).isEqualTo("wlan");

        // another municipality does not see them: not in its own list, and not in Frankfurt's
        HttpJson kassel = anonymous.withToken(TestTokens.get().municipality("06611000"));
        assertThat(kassel.get("/api/funding/municipalities/06611000/opportunities").body())
                .doesNotContain(p.proposalId().toString());
        var foreign = kassel.get("/api/funding/municipalities/06412000/opportunities");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).doesNotContain(p.proposalId().toString()).doesNotContain("Freies WLAN");
        assertThat(anonymous.get("/api/funding/municipalities/06412000/opportunities").status()).isEqualTo(401);
        // the programme office reads every municipality
        assertThat(anonymous.withToken(TestTokens.get().programmeOffice())
                .get("/api/funding/municipalities/06412000/opportunities").body()).contains(p.proposalId().toString());
        assertThat(anonymous.withToken(TestTokens.get().ops())
                .get("/api/funding/municipalities/06412000/opportunities").status()).isEqualTo(403);
        // the programme catalogue is published
        assertThat(anonymous.get("/api/funding/programs").body()).contains("wifi4eu");
    }

    @Test
    void theRadarRanksProgrammesTheMunicipalityIsEligibleForFirstThenByTopicFit() throws Exception {
        jdbc.sql("""
                        INSERT INTO hub.municipality_directory (municipality_key, name, kind, district_key, population,
                                                                classification, recorded_at)
                        VALUES ('06412000', 'Frankfurt am Main', 'DISTRICT_FREE_CITY', NULL, 775790, 'URBAN', now())
                        ON CONFLICT (municipality_key) DO NOTHING""").update();
        ProposalSubmitted p = proposal("06412000", List.of("wlan", "rural-development"));
        send(p, UUID.randomUUID());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(programmesFor(p.proposalId())).containsExactly("digitale-dorflinde", "leader-hessen", "wifi4eu"));

        List<JsonNode> mine = new ArrayList<>();
        anonymous.withToken(TestTokens.get().municipality("06412000"))
                .get("/api/funding/municipalities/06412000/opportunities?limit=1000").json().forEach(o -> {
                    if (o.path("proposalId").asString().equals(p.proposalId().toString())) {
                        mine.add(o);
                    }
                });
        // WiFi4EU covers half of the proposal's topics but Frankfurt may apply; the rural programmes cover all
        // of them but a city may not: the one it can use comes first
        assertThat(mine).extracting(o -> o.path("programmeId").asString()).hasSize(3).first().isEqualTo("wifi4eu");
        assertThat(mine.subList(1, 3)).extracting(o -> o.path("programmeId").asString())
                .containsExactlyInAnyOrder("digitale-dorflinde", "leader-hessen");
        assertThat(mine.get(0).path("eligible").asBoolean()).isTrue();
        assertThat(mine.get(0).path("fit").asDouble()).isEqualTo(0.5);
        for (JsonNode rural : mine.subList(1, 3)) {
            assertThat(rural.path("eligible").asBoolean()).isFalse();
            assertThat(rural.path("fit").asDouble()).isEqualTo(1.0);
            assertThat(rural.path("reasons").toString()).contains("only for rural areas");
        }
    }

    @Test
    void anAcceptedProposalSurfacesItsProgrammesOnceHoweverOftenItsAnswerArrives() {
        UUID onlyEvaluated = UUID.randomUUID();
        UUID evaluatingEvent = UUID.randomUUID();
        send(answered(onlyEvaluated, "EVALUATING"), evaluatingEvent);
        UUID proposalId = UUID.randomUUID();
        ProposalAnswered accepted = answered(proposalId, "ACCEPTED");
        UUID eventId = UUID.randomUUID();
        send(accepted, eventId);
        send(accepted, eventId); // redelivered
        send(answered(proposalId, "ACCEPTED"), UUID.randomUUID()); // a corrected answer: a new event, same state

        await().atMost(Duration.ofSeconds(20)).until(() -> inboxRows(eventId.toString()) == 1
                && programmesFor(proposalId).size() == 1);
        assertThat(programmesFor(proposalId)).containsExactly("gigabit-richtlinie-2");
        assertThat(jdbc.sql("SELECT count(*) FROM funding_opportunity WHERE proposal_id = :id").param("id", proposalId)
                .query(Long.class).single()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> inboxRows(evaluatingEvent.toString()) == 1);
        assertThat(programmesFor(onlyEvaluated)).as("only an acceptance surfaces programmes").isEmpty();
    }

    static ProposalAnswered answered(UUID proposalId, String status) {
        return new ProposalAnswered(proposalId, "06611000", UUID.randomUUID(), "Glasfaser für Kassel-Nord",
                List.of("broadband"), "SUBMITTED", status, "Wir beantragen Fördermittel.", 120, "municipality",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void theSameEventDeliveredTwiceRecordsItsOpportunitiesOnce() throws Exception {
        ProposalSubmitted p = proposal("06611000", List.of("broadband"));
        UUID eventId = UUID.randomUUID();
        send(p, eventId);
        send(p, eventId);
        ProposalSubmitted marker = proposal("06611000", List.of("broadband"));
        send(marker, UUID.randomUUID());

        // the marker was sent after both copies to the same partition key space; once it is applied, so were both copies
        await().atMost(Duration.ofSeconds(20)).until(() -> !programmesFor(marker.proposalId()).isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> inboxRows(eventId.toString()) == 1);
        assertThat(programmesFor(p.proposalId())).containsExactly("gigabit-richtlinie-2");
        assertThat(inboxRows(eventId.toString())).isEqualTo(1);
    }

    @Test
    void anEventStoredWhileTheRelayIsDownIsPublishedWhenItComesBackAndAppliedOnce() {
        relay.stop(); // the relay "process" dies right after the business transaction commits
        ProposalSubmitted p = proposal("06535", List.of("public-transport"));
        tx.executeWithoutResult(s -> outbox.publish(p));
        assertThat(outbox.pending()).isGreaterThanOrEqualTo(1);
        assertThat(programmesFor(p.proposalId())).isEmpty();

        relay.start(); // restart: the relay finds the stored event
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(programmesFor(p.proposalId())).containsExactly("mobfoeg-hessen"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending() == 0);
    }

    @Test
    void aRelayThatDiesAfterPublishingAndBeforeMarkingRepublishesAndTheConsumerAppliesOnce(HubInfrastructure infra)
            throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        relay.setAfterSendHook(() -> {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected crash between publish and delete");
            }
        });
        ProposalSubmitted p = proposal("06412000", List.of("climate"));
        tx.executeWithoutResult(s -> outbox.publish(p));

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.pending() == 0);
        assertThat(crashed).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(programmesFor(p.proposalId())).containsExactly("kommunalrichtlinie", "mobfoeg-hessen"));

        // the broker really carried the event twice, and the consumer applied it once
        List<String> eventIds = new ArrayList<>();
        try (var consumer = infra.newConsumer(new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicCatalogue.PARTICIPATION_EVENTS.topic()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (p.aggregateId().equals(r.key())) {
                        eventIds.add(new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
                    }
                }
                assertThat(eventIds).hasSize(2);
            });
        }
        assertThat(eventIds.get(0)).isEqualTo(eventIds.get(1));
        assertThat(inboxRows(eventIds.get(0))).isEqualTo(1);
    }

    @Test
    void unreadableAndSchemaInvalidEventsGoToTheDeadLetterTopicAndTheConsumerGoesOn(HubInfrastructure infra)
            throws Exception {
        String garbageKey = "garbage-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(TopicCatalogue.PARTICIPATION_EVENTS.topic(), garbageKey,
                "\u0000\u0001 not a cloud event".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);

        String invalidKey = UUID.randomUUID().toString();
        var invalid = HubCloudEvents.builder(UUID.randomUUID().toString(), URI.create("/participation-service"),
                ProposalSubmitted.TYPE, "proposal/" + invalidKey, "06412000", OffsetDateTime.now(),
                "{\"proposalId\":\"not-a-uuid\",\"topics\":[]}".getBytes(StandardCharsets.UTF_8));
        producer.send(HubCloudEvents.toRecord(TopicCatalogue.PARTICIPATION_EVENTS.topic(), invalidKey, invalid))
                .get(30, TimeUnit.SECONDS);

        ProposalSubmitted valid = proposal("06412000", List.of("smart-city"));
        send(valid, UUID.randomUUID());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(programmesFor(valid.proposalId())).containsExactly("modellprojekte-smart-cities"));

        Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = new java.util.HashMap<>();
        try (var consumer = infra.newConsumer(new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DLT));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    deadLetters.put(new String(r.key(), StandardCharsets.UTF_8), r);
                }
                assertThat(deadLetters).containsKeys(garbageKey, invalidKey);
            });
        }
        ConsumerRecord<byte[], byte[]> garbage = deadLetters.get(garbageKey);
        assertThat(new String(garbage.value(), StandardCharsets.UTF_8)).contains("not a cloud event");
        assertThat(new String(garbage.headers().lastHeader("kafka_dlt-original-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(TopicCatalogue.PARTICIPATION_EVENTS.topic());
        assertThat(new String(deadLetters.get(invalidKey).headers().lastHeader(HubKafkaConfiguration.DEAD_LETTER_REASON_HEADER).value(),
                StandardCharsets.UTF_8)).contains("violates its schema");
        assertThat(jdbc.sql("SELECT count(*) FROM funding_opportunity WHERE proposal_id::text = :k")
                .param("k", invalidKey).query(Long.class).single()).isZero();
    }

    @Test
    void everyPublishedExampleOfTheContractIsConsumed() throws Exception {
        // the consumer side of the contract: what hub-events publishes as examples, the radar applies
        JsonNode schema;
        try (var in = getClass().getResourceAsStream(EventCatalogue.schemaResource(ProposalSubmitted.TYPE))) {
            schema = tools.jackson.databind.json.JsonMapper.builder().build().readTree(in);
        }
        List<UUID> proposals = new ArrayList<>();
        for (JsonNode example : schema.path("examples")) {
            // a fresh proposal id per run, so that the example is new to this database
            UUID proposalId = UUID.randomUUID();
            ((tools.jackson.databind.node.ObjectNode) example).put("proposalId", proposalId.toString());
            proposals.add(proposalId);
            var ce = HubCloudEvents.builder(UUID.randomUUID().toString(), URI.create("/participation-service"),
                    ProposalSubmitted.TYPE, "proposal/" + proposalId, example.path("municipality").asString(),
                    OffsetDateTime.now(), example.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(HubCloudEvents.toRecord(TopicCatalogue.PARTICIPATION_EVENTS.topic(), proposalId.toString(), ce))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(proposals).isNotEmpty();
        for (UUID id : proposals) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !programmesFor(id).isEmpty());
        }
    }

    @Test
    void aBadMunicipalityKeyIsA400ProblemDetails() {
        var response = anonymous.withToken(TestTokens.get().programmeOffice()).get("/api/funding/municipalities/12/opportunities");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("ags");
    }
}
