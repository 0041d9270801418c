package io.regiohub.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import java.util.regex.Pattern;

/**
 * One real Kafka broker (KRaft) and one real PostgreSQL for the whole test JVM, started on first
 * use and stopped when the JVM exits. Testcontainers ({@code apache/kafka}, {@code postgres}) when
 * a Docker engine answers; otherwise Spring Kafka's {@code EmbeddedKafkaKraftBroker} and zonky's
 * embedded PostgreSQL. The same test code runs on both.
 *
 * <p>{@code HUB_TEST_INFRASTRUCTURE} (or the system property {@code hub.test.infrastructure})
 * forces {@code containers} or {@code embedded}; the default {@code auto} asks Docker.
 */
public abstract class HubInfrastructure {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static volatile HubInfrastructure instance;

    /** The infrastructure of this JVM, started on first call. */
    public static HubInfrastructure get() {
        HubInfrastructure local = instance;
        if (local == null) {
            synchronized (HubInfrastructure.class) {
                local = instance;
                if (local == null) {
                    local = start();
                    instance = local;
                    HubInfrastructure started = local;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "hub-infrastructure-stop"));
                }
            }
        }
        return local;
    }

    private static HubInfrastructure start() {
        String mode = System.getProperty("hub.test.infrastructure",
                System.getenv().getOrDefault("HUB_TEST_INFRASTRUCTURE", "auto")).toLowerCase(Locale.ROOT);
        boolean containers = switch (mode) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> ContainerInfrastructure.dockerAnswers();
        };
        HubInfrastructure infra = containers ? new ContainerInfrastructure() : new EmbeddedInfrastructure();
        infra.startAll();
        return infra;
    }

    protected abstract void startAll();

    protected abstract void stop();

    /** Which kind of infrastructure runs: {@code containers} or {@code embedded}. */
    public abstract String kind();

    public abstract String kafkaBootstrapServers();

    /** The JDBC URL of the PostgreSQL server's maintenance database. */
    protected abstract String adminJdbcUrl();

    public abstract String username();

    public abstract String password();

    /**
     * Makes the broker unreachable until {@link #restoreKafka()}: clients see a broker that is down,
     * on the same address, with its data kept.
     */
    public abstract void interruptKafka();

    /** Brings the broker back on the same address after {@link #interruptKafka()}. */
    public abstract void restoreKafka();

    /** A producer on this broker with the hub's producer safety ({@code acks=all}, idempotent). */
    public <K, V> KafkaProducer<K, V> newProducer(Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), keys, values);
    }

    /** A consumer in a group of its own that reads the subscribed topics from the beginning. */
    public <K, V> KafkaConsumer<K, V> newConsumer(Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), keys, values);
    }

    /** The JDBC URL of a database of this server, created on first use. */
    public String jdbcUrl(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        createDatabaseIfMissing(database);
        return adminJdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + database + "$1");
    }

    private synchronized void createDatabaseIfMissing(String database) {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl(), username(), password());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }
}
