package io.regiohub.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.DomainEvent;
import io.regiohub.events.EventCatalogue;
import io.regiohub.events.EventSchemas;
import io.regiohub.events.HubCloudEvents;
import io.regiohub.events.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a service really published on a topic, read back from the broker. */
public final class PublishedEvents {

    private PublishedEvents() {
    }

    /** One event as it arrived: its CloudEvents type and JSON payload. */
    public record Published(String type, byte[] payload) {
    }

    /**
     * The first {@code count} events with this key, in order, each valid against its schema; waits
     * up to 20 s for them.
     */
    public static List<Published> read(HubInfrastructure infra, TopicCatalogue topic, String key, int count) {
        List<Published> events = new ArrayList<>();
        try (var consumer = infra.newConsumer(new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.topic()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        String type = new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
                        assertThat(EventSchemas.violations(type, r.value())).as("%s against its schema", type).isEmpty();
                        events.add(new Published(type, r.value()));
                    }
                }
                assertThat(events).hasSizeGreaterThanOrEqualTo(count);
            });
        }
        return events;
    }

    /**
     * Publishes a domain event as the service {@code source} would (a CloudEvent in binary mode, on
     * its type's topic, keyed by its aggregate): tests drive consumers with real records this way,
     * redeliveries included (the same {@code eventId} twice).
     */
    public static void send(KafkaProducer<String, byte[]> producer, UUID eventId, String source, DomainEvent event) {
        var ce = HubCloudEvents.of(eventId, source, OffsetDateTime.now(), event);
        String topic = EventCatalogue.typeOf(event.getClass()).topic().topic();
        try {
            producer.send(HubCloudEvents.toRecord(topic, event.aggregateId(), ce)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + event, e);
        }
    }

    /** The types of the first {@code count} events with this key, in order. */
    public static List<String> types(HubInfrastructure infra, TopicCatalogue topic, String key, int count) {
        return read(infra, topic, key, count).stream().map(Published::type).toList();
    }
}
