package io.regiohub.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hub on free ports, for tests and benchmarks that must not collide with a hub already running. */
public final class FreePorts {

    private FreePorts() {
    }

    public static LocalHubConfig config(Path root, Path dataDir, List<String> jvmArgs) {
        Iterator<Integer> free = distinct(LocalHubConfig.SERVICES.size() + 3).iterator();
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            ports.put(s.module(), free.next());
        }
        return new LocalHubConfig(root, dataDir, free.next(), free.next(), free.next(), ports, jvmArgs);
    }

    /**
     * Ports that are free now and differ from each other: all sockets stay open until every port is
     * chosen (one at a time, the system may hand out the same ephemeral port twice).
     */
    static List<Integer> distinct(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0);
                s.setReuseAddress(true);
                sockets.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own
                }
            }
        }
    }
}
