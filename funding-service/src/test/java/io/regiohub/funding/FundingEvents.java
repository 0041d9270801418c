package io.regiohub.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.regiohub.events.EventSchemas;
import io.regiohub.events.TopicCatalogue;
import io.regiohub.test.HubInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What funding-service really published on {@code funding.events}, read back from the broker. */
public final class FundingEvents {

    private FundingEvents() {
    }

    /** The types of the first {@code count} events with this key, in order; each valid against its schema. */
    public static List<String> types(HubInfrastructure infra, String key, int count) {
        List<String> types = new ArrayList<>();
        try (var consumer = infra.newConsumer(new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TopicCatalogue.FUNDING_EVENTS.topic()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        String type = new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
                        assertThat(EventSchemas.violations(type, r.value())).as("%s against its schema", type).isEmpty();
                        types.add(type);
                    }
                }
                assertThat(types).hasSizeGreaterThanOrEqualTo(count);
            });
        }
        return types;
    }
}
