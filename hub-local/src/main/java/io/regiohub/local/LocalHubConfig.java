package io.regiohub.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where and on which ports the local hub runs.
 *
 * @param root     the repository's root folder (holds the modules' {@code target/*-exec.jar})
 * @param dataDir  where PostgreSQL's and Kafka's data and the processes' logs are kept between runs
 * @param ports    the HTTP port of each process, by module
 * @param jvmArgs  extra JVM options for the service processes
 */
public record LocalHubConfig(Path root, Path dataDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                             Map<String, Integer> ports, List<String> jvmArgs) {

    public static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("participation-service", "participation"),
            new ServiceSpec("mobility-service", "mobility"),
            new ServiceSpec("funding-service", "funding"),
            // the demo clients (local-only-secret) exist only in the profile "local"
            new ServiceSpec("identity-service", "identity", List.of("--spring.profiles.active=local")),
            new ServiceSpec("gateway", null, List.of("--spring.profiles.active=local")));

    public static final String DB_USER = "regiohub";
    public static final String DB_PASSWORD = "regiohub";

    /** The defaults of {@code ./mvnw -Prun}: the documented ports, data under {@code <root>/.hub-data}. */
    public static LocalHubConfig defaults(Path root) {
        return new LocalHubConfig(root, root.resolve(".hub-data"),
                intEnv("HUB_POSTGRES_PORT", 5432), intEnv("HUB_KAFKA_PORT", 9092), intEnv("HUB_KAFKA_CONTROLLER_PORT", 9093),
                Map.of("gateway", intEnv("HUB_GATEWAY_PORT", 8080),
                        "participation-service", intEnv("HUB_PARTICIPATION_PORT", 8081),
                        "mobility-service", intEnv("HUB_MOBILITY_PORT", 8082),
                        "funding-service", intEnv("HUB_FUNDING_PORT", 8083),
                        "identity-service", intEnv("HUB_IDENTITY_PORT", 8084)),
                List.of());
    }

    public int port(String module) {
        return ports.get(module);
    }

    public String url(String module) {
        return "http://localhost:" + port(module);
    }

    public String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database;
    }

    private static int intEnv(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
