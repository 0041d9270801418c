package io.regiohub.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;

class FreePortsTest {

    @RepeatedTest(20)
    void everyProcessOfAHubGetsAPortOfItsOwn() {
        LocalHubConfig config = FreePorts.config(Path.of("."), Path.of("target/x"), List.of());
        List<Integer> ports = new ArrayList<>(config.ports().values());
        ports.add(config.postgresPort());
        ports.add(config.kafkaPort());
        ports.add(config.kafkaControllerPort());
        assertThat(new HashSet<>(ports)).hasSameSizeAs(ports);
    }
}
