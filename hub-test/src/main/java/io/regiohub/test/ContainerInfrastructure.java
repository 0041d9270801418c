package io.regiohub.test;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Kafka ({@code apache/kafka}, KRaft) and PostgreSQL in containers, when a Docker engine answers. */
final class ContainerInfrastructure extends HubInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private KafkaContainer kafka;
    private PostgreSQLContainer postgres;

    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    @Override
    protected void startAll() {
        kafka = new KafkaContainer(KAFKA_IMAGE);
        postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        kafka.start();
        postgres.start();
    }

    @Override
    protected void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Override
    public String kind() {
        return "containers";
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    protected String adminJdbcUrl() {
        return postgres.getJdbcUrl();
    }

    @Override
    public String username() {
        return postgres.getUsername();
    }

    @Override
    public String password() {
        return postgres.getPassword();
    }

    @Override
    public void interruptKafka() {
        // pausing keeps the container's port mapping and data, unlike stop/start
        DockerClientFactory.instance().client().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void restoreKafka() {
        DockerClientFactory.instance().client().unpauseContainerCmd(kafka.getContainerId()).exec();
    }
}
