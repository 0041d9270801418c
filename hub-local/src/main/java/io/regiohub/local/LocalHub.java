package io.regiohub.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The whole hub on one machine without Docker: a PostgreSQL server (one database per service), a
 * Kafka broker in KRaft mode, every service and the gateway, each a process of its own. Used by
 * {@code ./mvnw -Prun} (see {@link Main}), by the black-box system tests and by the benchmarks.
 */
public final class LocalHub implements AutoCloseable {

    private final LocalHubConfig config;
    private final Map<String, Process> services = new LinkedHashMap<>();
    private final Map<String, Path> jars = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ChildProcesses children;
    private LocalPostgres postgres;
    private LocalKafka kafka;

    private LocalHub(LocalHubConfig config) {
        this.config = config;
        this.children = new ChildProcesses(config.root(), config.dataDir().resolve("run"));
    }

    /** Starts everything and returns once every process answers {@code /actuator/health} with UP. */
    public static LocalHub start(LocalHubConfig config, Duration timeout) throws Exception {
        LocalHub hub = new LocalHub(config);
        // whoever started the hub may end without closing it (a killed benchmark, an aborted test run):
        // the children must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                hub.close();
            } catch (Exception ignored) {
                // the JVM is ending anyway
            }
        }, "local-hub-stop"));
        try {
            hub.startAll(timeout);
            return hub;
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
    }

    public LocalHubConfig config() {
        return config;
    }

    public Path log(String name) {
        return config.dataDir().resolve("logs").resolve(name + ".log");
    }

    private void startAll(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            jars.put(s.module(), runnableJar(s.module()));
        }
        postgres = LocalPostgres.start(config.dataDir().resolve("postgres"), config.postgresPort(), log("postgres"),
                LocalHubConfig.SERVICES.stream().map(ServiceSpec::database).filter(Objects::nonNull).toList());
        kafka = LocalKafka.start(config.dataDir().resolve("kafka"), config.kafkaPort(), config.kafkaControllerPort(),
                log("kafka"), children);
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            launch(s, List.of());
        }
        for (ServiceSpec s : LocalHubConfig.SERVICES) {
            awaitHealthy(s.module(), deadline);
        }
    }

    private void launch(ServiceSpec s, List<String> extraArgs) throws IOException {
        List<String> args = new ArrayList<>(appArgs(s));
        args.addAll(extraArgs);
        services.put(s.module(), children.jar(jars.get(s.module()), jvmArgs(), args, log(s.module())));
    }

    /**
     * Ends one service's process: gracefully (SIGTERM) or, with {@code kill}, at once (SIGKILL, as a
     * crash would: no shutdown hooks, no last relay round).
     */
    public void stopService(String module, boolean kill) throws InterruptedException {
        Process p = services.get(module);
        if (kill) {
            p.destroyForcibly();
            p.waitFor();
        } else {
            ChildProcesses.stop(p, Duration.ofSeconds(30));
        }
    }

    /** Starts one service again (after {@link #stopService}), with extra arguments, and waits until it is UP. */
    public void startService(String module, List<String> extraArgs, Duration timeout) throws Exception {
        ServiceSpec spec = LocalHubConfig.SERVICES.stream().filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such service: " + module));
        if (services.get(module) != null && services.get(module).isAlive()) {
            throw new IllegalStateException(module + " is running");
        }
        launch(spec, extraArgs);
        awaitHealthy(module, System.nanoTime() + timeout.toNanos());
    }

    private List<String> jvmArgs() {
        List<String> args = new ArrayList<>(List.of("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8"));
        args.addAll(config.jvmArgs());
        return args;
    }

    private List<String> appArgs(ServiceSpec s) {
        List<String> args = new ArrayList<>(s.localArgs());
        args.add("--server.port=" + config.port(s.module()));
        // identity-service issues the tokens; the gateway and every service validate them against its keys
        String issuer = config.url("identity-service");
        args.add("--spring.security.oauth2.authorizationserver.issuer=" + issuer);
        args.add("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer);
        args.add("--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/oauth2/jwks");
        if (s.database() != null) {
            args.add("--spring.datasource.url=" + config.jdbcUrl(s.database()));
            args.add("--spring.datasource.username=" + LocalHubConfig.DB_USER);
            args.add("--spring.datasource.password=" + LocalHubConfig.DB_PASSWORD);
            args.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrap());
        } else {
            // the gateway's routes: regiohub.gateway.<context>-url
            for (ServiceSpec backend : LocalHubConfig.SERVICES) {
                if (backend.database() != null) {
                    args.add("--regiohub.gateway." + backend.module().replace("-service", "") + "-url="
                            + config.url(backend.module()));
                }
            }
        }
        return args;
    }

    private Path runnableJar(String module) throws IOException {
        Path jar = config.root().resolve(module).resolve("target").resolve(module + "-" + version() + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the hub first (./mvnw -Prun builds and starts it)");
        }
        return jar;
    }

    static String version() throws IOException {
        try (InputStream in = LocalHub.class.getResourceAsStream("/hub-local.properties")) {
            Properties p = new Properties();
            p.load(Objects.requireNonNull(in, "hub-local.properties"));
            return p.getProperty("version");
        }
    }

    private void awaitHealthy(String module, long deadline) throws InterruptedException {
        URI health = URI.create(config.url(module) + "/actuator/health");
        while (System.nanoTime() < deadline) {
            Process p = services.get(module);
            if (!p.isAlive()) {
                throw new IllegalStateException(module + " exited with " + p.exitValue() + "; see " + log(module));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(module + " did not report UP in time; see " + log(module));
    }

    /** The first process that died, if any (the launcher's watchdog asks). */
    public String deadProcess() {
        for (Map.Entry<String, Process> e : services.entrySet()) {
            if (!e.getValue().isAlive()) {
                return e.getKey() + " (exit " + e.getValue().exitValue() + ", see " + log(e.getKey()) + ")";
            }
        }
        return null;
    }

    /** The process of a service, for tests that need to kill or restart one. */
    public Process process(String module) {
        return services.get(module);
    }

    /** Stops every process, services first, then Kafka, then PostgreSQL. Safe to call more than once. */
    @Override
    public synchronized void close() throws Exception {
        List<Thread> stopping = new ArrayList<>();
        for (Process p : services.values()) {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    ChildProcesses.stop(p, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopping.add(t);
        }
        for (Thread t : stopping) {
            t.join();
        }
        services.clear();
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
