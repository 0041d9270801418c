package io.regiohub.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HubInfrastructureExtension.class)
class HubInfrastructureTest {

    @Test
    void givesOneRealPostgresWithADatabasePerService(HubInfrastructure infra) throws Exception {
        assertThat(HubInfrastructure.get()).isSameAs(infra);
        String url = infra.jdbcUrl("harness_check");
        try (Connection c = DriverManager.getConnection(url, infra.username(), infra.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), version()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("harness_check");
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
        assertThat(infra.jdbcUrl("harness_check")).isEqualTo(url);
        assertThatThrownBy(() -> infra.jdbcUrl("x; DROP DATABASE postgres")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givesOneRealKafkaBrokerThatCanBeInterruptedAndRestoredOnTheSameAddress(HubInfrastructure infra)
            throws Exception {
        String topic = "harness." + UUID.randomUUID();
        String before = infra.kafkaBootstrapServers();
        try (var producer = producer(infra); var consumer = consumer(infra)) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get(30, TimeUnit.SECONDS);

            infra.interruptKafka();
            java.util.concurrent.CompletableFuture<?> during;
            try {
                // the send blocks or waits while the broker is down, as it would in a service
                during = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        producer.send(new ProducerRecord<>(topic, "k", "during")).get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThatThrownBy(() -> during.get(3, TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.TimeoutException.class);
            } finally {
                infra.restoreKafka();
            }
            assertThat(infra.kafkaBootstrapServers()).isEqualTo(before);
            during.get(60, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, "k", "after")).get(60, TimeUnit.SECONDS);

            consumer.subscribe(List.of(topic));
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
            }
            // the record sent while the broker was down is delivered after it returns: the
            // producer retries it, it is not lost
            assertThat(seen).containsExactly("before", "during", "after");
        }
    }

    private static KafkaProducer<String, String> producer(HubInfrastructure infra) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000), new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(HubInfrastructure infra) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "harness-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }
}
