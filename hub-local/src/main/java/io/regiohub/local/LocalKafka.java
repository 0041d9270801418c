package io.regiohub.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one), run as its own
 * JVM with Kafka's own {@code kafka.Kafka} main class, its log directory in the working tree.
 */
final class LocalKafka implements AutoCloseable {

    private final Process process;
    private final String bootstrap;

    private LocalKafka(Process process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static LocalKafka start(Path dataDir, int port, int controllerPort, Path log, ChildProcesses children)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("server.properties");
        Path logDir = dataDir.resolve("log");
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@localhost:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "true")));
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "RegioHub local Kafka broker (KRaft), written by hub-local at every start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Process format = children.java("kafka-format", List.of("kafka.tools.StorageTool", "format",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(), "--ignore-formatted"), log);
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka's storage failed; see " + log);
            }
        }
        Process broker = children.java("kafka", List.of("-Xms256m", "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info", "kafka.Kafka", config.toString()), log);
        LocalKafka kafka = new LocalKafka(broker, "localhost:" + port);
        try {
            kafka.awaitReady(Duration.ofSeconds(120), log);
        } catch (RuntimeException | InterruptedException e) {
            kafka.close(); // never leave a broker behind that holds the ports and the data directory
            throw e;
        }
        return kafka;
    }

    private void awaitReady(Duration timeout, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    Thread.sleep(250);
                }
            }
        }
        throw new IllegalStateException("Kafka did not become ready in " + timeout + "; see " + log);
    }

    String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }
}
