package io.regiohub.test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import kafka.server.BrokerServer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Kafka via {@link EmbeddedKafkaKraftBroker}, PostgreSQL via zonky's embedded binaries; no Docker needed. */
final class EmbeddedInfrastructure extends HubInfrastructure {

    private EmbeddedKafkaKraftBroker kafka;
    private EmbeddedPostgres postgres;

    @Override
    protected void startAll() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        kafka.afterPropertiesSet();
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    @Override
    protected void stop() {
        try {
            if (kafka != null) {
                kafka.destroy();
            }
        } catch (RuntimeException ignored) {
            // shutting down anyway
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException ignored) {
            // shutting down anyway
        }
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    protected String adminJdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    @Override
    public void interruptKafka() {
        for (BrokerServer broker : kafka.getCluster().brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    @Override
    public void restoreKafka() {
        for (BrokerServer broker : kafka.getCluster().brokers().values()) {
            broker.startup();
        }
    }
}
