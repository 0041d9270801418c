package io.regiohub.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.starter.messaging.HubKafkaConfiguration;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.UsesHubInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Bounded retries with back-off, then the dead-letter topic; a failed attempt leaves nothing behind. */
@SpringBootTest(classes = StarterTestApplication.class)
@UsesHubInfrastructure(database = "starter")
class EventConsumerRetryTest {

    @Autowired
    StarterTestApplication app;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Publishes the event as participation-service's relay would; returns its CloudEvents id. */
    String send(HubInfrastructure infra, ProposalSubmitted event) throws Exception {
        try (var producer = infra.newProducer(new StringSerializer(), new ByteArraySerializer())) {
            var ce = HubCloudEvents.of(UUID.randomUUID(), "/test", OffsetDateTime.now(), event);
            producer.send(HubCloudEvents.toRecord(TopicCatalogue.PARTICIPATION_EVENTS.topic(), event.aggregateId(), ce))
                    .get(30, TimeUnit.SECONDS);
            return ce.getId();
        }
    }

    static ProposalSubmitted event(String title) {
        return new ProposalSubmitted(UUID.randomUUID(), "06412000", null, title, null, List.of("wlan"), Instant.now());
    }

    long applied(UUID id) {
        return jdbc.sql("SELECT count(*) FROM applied_event WHERE proposal_id = :id").param("id", id)
                .query(Long.class).single();
    }

    @Test
    void aTransientFailureIsRetriedAndTheEffectAppliedOnce(HubInfrastructure infra) throws Exception {
        ProposalSubmitted e = event("fails twice, then works");
        send(infra, e);
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(e.proposalId()) == 1);
        assertThat(app.attempts.get(e.proposalId().toString())).hasValue(3);
    }

    @Test
    void anEventThatKeepsFailingGoesToTheDeadLetterTopicAfterTheBoundedAttemptsAndLeavesNothingStored(
            HubInfrastructure infra) throws Exception {
        ProposalSubmitted poison = event("always fails");
        ProposalSubmitted next = event("an ordinary proposal after it");
        String poisonId = send(infra, poison);
        send(infra, next);

        Map<String, ConsumerRecord<byte[], byte[]>> dead = new HashMap<>();
        try (var consumer = infra.newConsumer(new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicCatalogue.PARTICIPATION_EVENTS.deadLetterTopic("starter-test")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> dead.put(new String(r.key(), StandardCharsets.UTF_8), r));
                assertThat(dead).containsKey(poison.aggregateId());
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(next.proposalId()) == 1);
        assertThat(app.attempts.get(poison.proposalId().toString())).hasValue(3);
        assertThat(applied(poison.proposalId())).as("each failed attempt rolled back").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM hub.inbox WHERE event_id = :id").param("id", poisonId)
                .query(Long.class).single()).as("nor is it marked as applied").isZero();

        var record = dead.get(poison.aggregateId());
        assertThat(new String(record.headers().lastHeader(HubKafkaConfiguration.DEAD_LETTER_REASON_HEADER).value(),
                StandardCharsets.UTF_8)).contains("the effect cannot be applied (attempt 3)");
        assertThat(HubCloudEvents.fromRecord(record.headers(), record.value()).getType()).isEqualTo(ProposalSubmitted.TYPE);
        assertThat(dead).doesNotContainKey(next.aggregateId());
        assertThat(meters.counter("regiohub.events.dead.lettered", "topic", "participation.events",
                "group", "starter-test").count()).as("operators can alert on dead letters").isGreaterThanOrEqualTo(1);
    }
}
