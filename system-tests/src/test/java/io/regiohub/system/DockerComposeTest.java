package io.regiohub.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.local.LocalHubConfig;
import io.regiohub.local.ServiceSpec;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on the project's machines (no Docker engine), so this checks what
 * can be checked without one: it parses as YAML (anchors and merge keys resolved), names the same
 * topology as the local hub, wires each service to the addresses the code reads, and refers only to
 * files that exist.
 */
class DockerComposeTest {

    static Path root;
    static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws Exception {
        root = Path.of(System.getProperty("hub.root", "..")).toAbsolutePath().normalize();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader in = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            compose = new Yaml(options).load(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void definesKafkaInKraftModePostgresAndEveryProcessOfTheLocalHub() {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("kafka", "postgres");
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            assertThat(services).containsKey(s.module());
            Map<String, Object> build = (Map<String, Object>) service(s.module()).get("build");
            assertThat(((Map<String, Object>) build.get("args")).get("MODULE")).isEqualTo(s.module());
            assertThat(root.resolve((String) build.get("dockerfile"))).exists();
        }
        Map<String, Object> kafkaEnv = (Map<String, Object>) service("kafka").get("environment");
        assertThat(kafkaEnv.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    }

    @Test
    @SuppressWarnings("unchecked")
    void wiresEachServiceToItsOwnDatabaseAndTheBrokerAndTheGatewayToEachService() throws Exception {
        String initSql = Files.readString(root.resolve("docker/postgres/init-databases.sql"));
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            Map<String, Object> env = (Map<String, Object>) service(s.module()).get("environment");
            if (s.database() != null) {
                assertThat(env.get("SPRING_DATASOURCE_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + s.database());
                assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
                assertThat(initSql).contains("CREATE DATABASE " + s.database());
                assertThat((Map<String, Object>) service(s.module()).get("depends_on")).containsKeys("kafka", "postgres");
            } else {
                for (String context : List.of("participation", "mobility", "funding", "identity")) {
                    assertThat(env.get("REGIOHUB_GATEWAY_" + context.toUpperCase() + "_URL"))
                            .isEqualTo("http://" + context + "-service:" + portOf(context + "-service"));
                }
            }
        }
        String gatewayYaml = Files.readString(root.resolve("gateway/src/main/resources/application.yml"));
        assertThat(gatewayYaml).contains("participation-url", "mobility-url", "funding-url", "identity-url");
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesTheDocumentedPorts() {
        for (String module : Set.of("gateway", "participation-service", "mobility-service", "funding-service",
                "identity-service")) {
            List<String> ports = (List<String>) service(module).get("ports");
            int port = portOf(module);
            assertThat(ports).containsExactly(port + ":" + port);
        }
    }

    private static int portOf(String module) {
        return LocalHubConfig.defaults(root).port(module);
    }
}
