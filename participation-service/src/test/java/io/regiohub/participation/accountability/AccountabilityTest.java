package io.regiohub.participation.accountability;

import static io.regiohub.participation.ProcessBodies.phases;
import static io.regiohub.participation.ProcessBodies.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.funding.ApplicationDecided;
import io.regiohub.events.funding.FundsDisbursed;
import io.regiohub.events.participation.ProposalAnswered;
import io.regiohub.participation.ParticipationApiTest;
import io.regiohub.test.HttpJson;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.PublishedEvents;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Accountability driven by funding-service's events, published on the broker as funding-service
 * publishes them (the system test drives the same chain with funding-service itself).
 */
class AccountabilityTest extends ParticipationApiTest {

    static final String FUNDING = "/funding-service";

    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp(HubInfrastructure infra) {
        producer = infra.newProducer(new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    String acceptedProposal() {
        var opened = frankfurt.post("/api/participation/municipalities/06412000/processes",
                process("Verfahren " + UUID.randomUUID(), "CITIZENS", null, phases("PROPOSALS", -1, 48)));
        String process = opened.json().path("id").asString();
        var submitted = frankfurt.post("/api/participation/processes/" + process + "/proposals", HttpJson.toJson(Map.of(
                "title", "Mobilstation am Ostbahnhof", "topics", List.of("mobility"), "citizen", "author-7001")));
        String id = submitted.json().path("id").asString();
        var accepted = frankfurt.post("/api/participation/proposals/" + id + "/answer",
                "{\"status\":\"ACCEPTED\",\"answer\":\"Die Stadt beantragt Fördermittel.\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        return id;
    }

    JsonNode proposal(String id) {
        return anonymous.get("/api/participation/proposals/" + id).json();
    }

    static ApplicationDecided decided(UUID application, String municipality, boolean approved, String proposal) {
        return new ApplicationDecided(application, municipality, "mobfoeg-hessen", "Mobilitätsfördergesetz Hessen",
                approved, approved ? new BigDecimal("250000.00") : null, approved ? null : "Budget ausgeschöpft",
                UUID.fromString(proposal), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void anApprovalFundsTheProposalADisbursementStartsItsImplementationAndARedeliveryChangesNothing() {
        String id = acceptedProposal();
        UUID application = UUID.randomUUID();
        UUID decision = UUID.randomUUID();
        PublishedEvents.send(producer, decision, FUNDING, decided(application, "06412000", true, id));
        PublishedEvents.send(producer, decision, FUNDING, decided(application, "06412000", true, id)); // redelivered
        PublishedEvents.send(producer, UUID.randomUUID(), FUNDING, new FundsDisbursed(application, "06412000",
                "mobfoeg-hessen", new BigDecimal("250000.00"), UUID.fromString(id), Instant.now().truncatedTo(ChronoUnit.MILLIS)));

        await().atMost(Duration.ofSeconds(20)).until(() -> "IMPLEMENTING".equals(proposal(id).path("status").asString()));
        JsonNode steps = proposal(id).path("steps");
        assertThat(steps).extracting(s -> s.path("status").asString()).containsExactly("ACCEPTED", "FUNDED", "IMPLEMENTING");
        assertThat(steps.get(1).path("source").asString()).isEqualTo("funding-service");
        assertThat(steps.get(1).path("detail").asString()).contains("Mobilitätsfördergesetz Hessen").contains("250000.00");
        assertThat(steps.get(1).path("reference").asString()).contains(application.toString());
        assertThat(steps.get(2).path("at").isNull()).isFalse();
        assertThat(proposal(id).path("answer").asString()).as("the municipality's answer stays")
                .isEqualTo("Die Stadt beantragt Fördermittel.");

        var events = PublishedEvents.types(HubInfrastructure.get(), TopicCatalogue.PARTICIPATION_EVENTS, id, 4);
        assertThat(events).endsWith(ProposalAnswered.TYPE, ProposalAnswered.TYPE, ProposalAnswered.TYPE).hasSize(4);
    }

    @Test
    void aHotspotActivatedForTheProposalMarksItImplementedAndGoingDownIsAStep() {
        String id = acceptedProposal();
        UUID hotspot = UUID.randomUUID();
        UUID activation = UUID.randomUUID();
        var activated = new io.regiohub.events.mobility.HotspotActivated(hotspot, "06412000", "FFM-OSTBAHNHOF",
                "Stadtwerke Frankfurt", 50.1125, 8.7086, null, null, UUID.fromString(id),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        PublishedEvents.send(producer, activation, "/mobility-service", activated);
        PublishedEvents.send(producer, activation, "/mobility-service", activated); // redelivered

        await().atMost(Duration.ofSeconds(20)).until(() -> "IMPLEMENTED".equals(proposal(id).path("status").asString()));
        PublishedEvents.send(producer, UUID.randomUUID(), "/mobility-service", new io.regiohub.events.mobility.HotspotDown(
                hotspot, "06412000", "FFM-OSTBAHNHOF", null, null, UUID.fromString(id), "Stromausfall",
                Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        await().atMost(Duration.ofSeconds(20)).until(() -> proposal(id).path("steps").size() == 3);
        JsonNode steps = proposal(id).path("steps");
        assertThat(steps).extracting(s -> s.path("status").asString()).containsExactly("ACCEPTED", "IMPLEMENTED", "IMPLEMENTED");
        assertThat(steps.get(1).path("source").asString()).isEqualTo("mobility-service");
        assertThat(steps.get(1).path("detail").asString()).contains("FFM-OSTBAHNHOF");
        assertThat(steps.get(2).path("detail").asString()).contains("down").contains("Stromausfall");
        assertThat(proposal(id).path("status").asString()).isEqualTo("IMPLEMENTED");
    }

    @Test
    void aRejectionIsRecordedAsAStepWithoutMovingTheProposal() {
        String id = acceptedProposal();
        PublishedEvents.send(producer, UUID.randomUUID(), FUNDING, decided(UUID.randomUUID(), "06412000", false, id));
        await().atMost(Duration.ofSeconds(20)).until(() -> proposal(id).path("steps").size() == 2);
        JsonNode proposal = proposal(id);
        assertThat(proposal.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(proposal.path("steps").get(1).path("detail").asString()).contains("rejected")
                .contains("Budget ausgeschöpft");
    }

    @Test
    void aDecisionNamingAnotherMunicipalitysProposalChangesNothing() {
        String id = acceptedProposal();
        UUID event = UUID.randomUUID();
        // Kassel's application names Frankfurt's proposal: funding-service does not check, participation-service does
        PublishedEvents.send(producer, event, FUNDING, decided(UUID.randomUUID(), "06611000", true, id));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM hub.inbox WHERE event_id = :id").param("id", event.toString()).query(Long.class).single() == 1);
        assertThat(proposal(id).path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(proposal(id).path("steps")).hasSize(1);
    }

    @Test
    void aDecisionThatViolatesItsSchemaGoesToTheDeadLetterTopicAndTheNextOneIsApplied(HubInfrastructure infra)
            throws Exception {
        String id = acceptedProposal();
        String invalidKey = UUID.randomUUID().toString();
        var invalid = HubCloudEvents.builder(UUID.randomUUID().toString(), URI.create(FUNDING), ApplicationDecided.TYPE,
                "application/" + invalidKey, "06412000", OffsetDateTime.now(),
                ("{\"applicationId\":\"" + invalidKey + "\",\"municipality\":\"06412000\",\"approved\":\"yes\","
                        + "\"proposalId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        producer.send(HubCloudEvents.toRecord(TopicCatalogue.FUNDING_EVENTS.topic(), invalidKey, invalid))
                .get(30, TimeUnit.SECONDS);
        PublishedEvents.send(producer, UUID.randomUUID(), FUNDING, decided(UUID.randomUUID(), "06412000", true, id));

        await().atMost(Duration.ofSeconds(30)).until(() -> "FUNDED".equals(proposal(id).path("status").asString()));
        String dlt = TopicCatalogue.FUNDING_EVENTS.deadLetterTopic(Accountability.CONSUMER);
        List<String> keys = new java.util.ArrayList<>();
        try (var consumer = infra.newConsumer(new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlt));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                assertThat(keys).contains(invalidKey);
            });
        }
        assertThat(proposal(id).path("steps")).as("the invalid decision changed nothing").hasSize(2);
    }
}
