package io.regiohub.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hub on free ports, for tests and benchmarks that must not collide with a hub already running. */
public final class FreePorts {

    private FreePorts() {
    }

    public static LocalHubConfig config(Path root, Path dataDir, List<String> jvmArgs) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            ports.put(s.module(), freePort());
        }
        return new LocalHubConfig(root, dataDir, freePort(), freePort(), freePort(), ports, jvmArgs);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
