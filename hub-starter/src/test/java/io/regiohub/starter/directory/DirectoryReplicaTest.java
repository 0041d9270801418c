package io.regiohub.starter.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.events.identity.MunicipalityRecorded;
import io.regiohub.starter.StarterTestApplication;
import io.regiohub.starter.messaging.HubKafkaConfiguration;
import io.regiohub.test.HubInfrastructure;
import io.regiohub.test.UsesHubInfrastructure;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaExtendedBindingProperties;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The local copy of the municipality directory against the real broker and database: what
 * identity-service publishes on directory.municipalities arrives in hub.municipality_directory,
 * late older versions, redeliveries and tombstones included, and what is invalid is dead-lettered.
 */
@SpringBootTest(classes = StarterTestApplication.class)
@UsesHubInfrastructure(database = "starter")
class DirectoryReplicaTest {

    static final String TOPIC = TopicCatalogue.DIRECTORY_MUNICIPALITIES.topic();
    /** spring.application.name of the test application, with the replica's suffix. */
    static final String GROUP = "starter-test-directory";
    static final String DLT = TopicCatalogue.DIRECTORY_MUNICIPALITIES.deadLetterTopic(GROUP);
    /** Districts 07100..07899 of Hesse, a fresh one per test, so that tests never share a key. */
    static final AtomicInteger DISTRICTS = new AtomicInteger(100 + ThreadLocalRandom.current().nextInt(400));

    @Autowired
    MunicipalityDirectory directory;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp(HubInfrastructure infra) {
        producer = infra.newProducer(new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    static String newDistrict() {
        return "07" + DISTRICTS.getAndIncrement();
    }

    static Instant at(String isoTime) {
        return Instant.parse(isoTime);
    }

    static MunicipalityRecorded district(String key, String name, Instant recordedAt) {
        return new MunicipalityRecorded(key, name, "DISTRICT", null, 105_000, "RURAL", recordedAt);
    }

    static MunicipalityRecorded municipality(String key, String name, Integer population, Instant recordedAt) {
        return new MunicipalityRecorded(key, name, "MUNICIPALITY", key.substring(0, 5), population, "RURAL",
                recordedAt);
    }

    /** Publishes the entry as identity-service's relay would; returns its CloudEvents id. */
    String send(MunicipalityRecorded entry) throws Exception {
        return send(entry, UUID.randomUUID());
    }

    String send(MunicipalityRecorded entry, UUID eventId) throws Exception {
        var ce = HubCloudEvents.of(eventId, "/identity-service", OffsetDateTime.now(), entry);
        producer.send(HubCloudEvents.toRecord(TOPIC, entry.aggregateId(), ce)).get(30, TimeUnit.SECONDS);
        return ce.getId();
    }

    void sendTombstone(String key) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, key, null)).get(30, TimeUnit.SECONDS);
    }

    boolean applied(String eventId) {
        return jdbc.sql("SELECT count(*) FROM hub.inbox WHERE consumer = :consumer AND event_id = :id")
                .param("consumer", GROUP).param("id", eventId).query(Long.class).single() == 1;
    }

    long rows(String key) {
        return jdbc.sql("SELECT count(*) FROM hub.municipality_directory WHERE municipality_key = :key")
                .param("key", key).query(Long.class).single();
    }

    OffsetDateTime updatedAt(String key) {
        return jdbc.sql("SELECT updated_at FROM hub.municipality_directory WHERE municipality_key = :key")
                .param("key", key).query(OffsetDateTime.class).single();
    }

    @Test
    void theReplicaBindingReadsTheCompactedTopicFromTheStartInTheServicesDirectoryGroup(
            @Autowired BindingServiceProperties bindings, @Autowired Environment environment,
            @Autowired BindingService bindingService) {
        var binding = bindings.getBindingProperties(DirectoryReplica.BINDING);
        assertThat(binding.getDestination()).isEqualTo(TOPIC);
        assertThat(binding.getGroup()).isEqualTo(GROUP);
        // the Kafka binder's extended properties live in the binder's own context: bound as it binds them
        KafkaConsumerProperties kafka = Binder.get(environment)
                .bind("spring.cloud.stream.kafka", KafkaExtendedBindingProperties.class).get()
                .getExtendedConsumerProperties(DirectoryReplica.BINDING);
        assertThat(kafka.getStartOffset()).isEqualTo(KafkaConsumerProperties.StartOffset.earliest);
        assertThat(bindingService.getConsumerBindings(DirectoryReplica.BINDING))
                .isNotEmpty()
                .allSatisfy(b -> assertThat(b.isRunning()).isTrue());
        // the service's own consumer is still bound next to it
        assertThat(bindingService.getConsumerBindings("participationEvents-in-0")).isNotEmpty();
    }

    @Test
    void aRecordedMunicipalityAppearsInTheLocalCopyAndTheDirectoryReadsIt() throws Exception {
        String districtKey = newDistrict();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        send(district(districtKey, "Testkreis", t));
        send(municipality(districtKey + "012", "Lauterbach (Hessen)", null, t));
        send(municipality(districtKey + "003", "Alsfeld", 16_000, t));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(directory.districtMembers(districtKey)).extracting(DirectoryEntry::key)
                        .containsExactly(districtKey + "003", districtKey + "012"));
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(districtKey).isPresent());

        assertThat(directory.find(districtKey + "003")).contains(new DirectoryEntry(districtKey + "003", "Alsfeld",
                "MUNICIPALITY", districtKey, 16_000, "RURAL", t));
        assertThat(directory.find(districtKey + "012").orElseThrow().population()).isNull();
        DirectoryEntry district = directory.find(districtKey).orElseThrow();
        assertThat(district.kind()).isEqualTo("DISTRICT");
        assertThat(district.districtKey()).isNull();
        assertThat(directory.districtMembers(districtKey)).as("a district is not its own member")
                .noneMatch(e -> e.key().equals(districtKey));
        assertThat(directory.find(districtKey + "999")).isEmpty();
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneDoesNotOverwriteIt() throws Exception {
        String key = newDistrict() + "001";
        send(municipality(key, "Neuer Name", 1_200, at("2026-11-26T10:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(key).isPresent());

        String older = send(municipality(key, "Alter Name", 1_000, at("2026-11-26T09:00:00Z")));
        // the inbox records the older version as applied in the same transaction as its (non-)effect
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(older));
        DirectoryEntry entry = directory.find(key).orElseThrow();
        assertThat(entry.name()).isEqualTo("Neuer Name");
        assertThat(entry.population()).isEqualTo(1_200);
        assertThat(entry.recordedAt()).isEqualTo(at("2026-11-26T10:00:00Z"));

        // a newer version replaces it, and so does the same moment recorded again (not older)
        send(municipality(key, "Neuester Name", 1_300, at("2026-11-26T11:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(directory.find(key).orElseThrow().name()).isEqualTo("Neuester Name"));
        String sameMoment = send(municipality(key, "Korrigierter Name", 1_300, at("2026-11-26T11:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(sameMoment));
        assertThat(directory.find(key).orElseThrow().name()).isEqualTo("Korrigierter Name");
        assertThat(rows(key)).isEqualTo(1);
    }

    @Test
    void aRedeliveredEventIsAppliedOnceAndDuplicatesNothing() throws Exception {
        String key = newDistrict() + "002";
        UUID eventId = UUID.randomUUID();
        MunicipalityRecorded entry = municipality(key, "Schotten", 10_000, Instant.now());
        var duplicates = meters.counter("regiohub.events.received", "consumer", GROUP, "outcome", "duplicate",
                "type", MunicipalityRecorded.TYPE);
        double duplicatesBefore = duplicates.count();

        send(entry, eventId);
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(key).isPresent());
        OffsetDateTime firstWrite = updatedAt(key);

        send(entry, eventId); // the relay sends it again, e.g. after a crash between publish and delete
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates.count() >= duplicatesBefore + 1);
        assertThat(rows(key)).isEqualTo(1);
        assertThat(updatedAt(key)).as("the redelivery did not touch the row").isEqualTo(firstWrite);
        assertThat(jdbc.sql("SELECT count(*) FROM hub.inbox WHERE event_id = :id").param("id", eventId.toString())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aTombstoneDeletesTheEntryAndALaterRecordCreatesItAgain() throws Exception {
        String key = newDistrict() + "004";
        send(municipality(key, "Grebenhain", 4_500, at("2026-11-26T09:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(key).isPresent());

        sendTombstone(key);
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(key).isEmpty());

        // a tombstone of a key the copy never had changes nothing and stops nothing
        String unknown = newDistrict() + "005";
        sendTombstone(unknown);
        send(municipality(unknown, "Feldatal", 2_300, at("2026-11-26T09:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(unknown).isPresent());

        send(municipality(key, "Grebenhain", 4_600, at("2026-11-26T12:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(directory.find(key)).hasValueSatisfying(e -> assertThat(e.population()).isEqualTo(4_600)));
    }

    @Test
    void invalidEventsAndTombstonesGoToTheDeadLetterTopicAndTheReplicaGoesOn(HubInfrastructure infra)
            throws Exception {
        String districtKey = newDistrict();
        String invalidKey = districtKey + "006";
        var invalid = HubCloudEvents.builder(UUID.randomUUID().toString(), URI.create("/identity-service"),
                MunicipalityRecorded.TYPE, "municipality/" + invalidKey, invalidKey, OffsetDateTime.now(),
                ("{\"municipality\":\"" + invalidKey + "\",\"name\":\"Ulrichstein\",\"kind\":\"CITY\","
                        + "\"classification\":\"RURAL\",\"recordedAt\":\"2026-11-26T09:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));
        producer.send(HubCloudEvents.toRecord(TOPIC, invalidKey, invalid)).get(30, TimeUnit.SECONDS);

        String garbageKey = districtKey + "007";
        producer.send(new ProducerRecord<>(TOPIC, garbageKey, "not a cloud event".getBytes(StandardCharsets.UTF_8)))
                .get(30, TimeUnit.SECONDS);

        String badTombstoneKey = "not-a-municipality-" + UUID.randomUUID();
        sendTombstone(badTombstoneKey);

        String validKey = districtKey + "008";
        send(municipality(validKey, "Mücke", 9_000, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(validKey).isPresent());

        Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = new HashMap<>();
        try (var consumer = infra.newConsumer(new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DLT));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    deadLetters.put(new String(r.key(), StandardCharsets.UTF_8), r);
                }
                assertThat(deadLetters).containsKeys(invalidKey, garbageKey, badTombstoneKey);
            });
        }
        assertThat(reason(deadLetters.get(invalidKey))).contains("violates its schema");
        assertThat(reason(deadLetters.get(garbageKey))).contains("CloudEvent");
        assertThat(reason(deadLetters.get(badTombstoneKey))).contains("no municipality key");
        assertThat(deadLetters.get(badTombstoneKey).value()).as("the tombstone stays one").isNull();
        assertThat(deadLetters).doesNotContainKey(validKey);
        assertThat(rows(invalidKey)).isZero();
        assertThat(rows(garbageKey)).isZero();
    }

    static String reason(ConsumerRecord<byte[], byte[]> deadLetter) {
        return new String(deadLetter.headers().lastHeader(HubKafkaConfiguration.DEAD_LETTER_REASON_HEADER).value(),
                StandardCharsets.UTF_8);
    }
}
