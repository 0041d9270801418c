package io.regiohub.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./mvnw -Prun}: starts the local hub, prints one line when it is ready, and stops every
 * process cleanly on Ctrl-C. Ports and folders: {@link LocalHubConfig#defaults(Path)}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : System.getProperty("user.dir")).toAbsolutePath().normalize();
        LocalHubConfig config = LocalHubConfig.defaults(root);
        long started = System.nanoTime();
        System.out.println("Starting RegioHub: PostgreSQL, Kafka, participation, mobility, funding, identity, gateway"
                + " (logs in " + config.dataDir().resolve("logs") + ") ...");
        LocalHub hub;
        try {
            hub = LocalHub.start(config, Duration.ofMinutes(5));
        } catch (Exception e) {
            System.err.println("RegioHub failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("Stopping RegioHub ...");
            boolean clean = false;
            try {
                hub.close();
                System.out.println("RegioHub stopped; data kept in " + config.dataDir());
                clean = true;
            } catch (Exception e) {
                System.err.println("RegioHub did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
            // a stop on request that went well is a success, whatever signal asked for it
            Runtime.getRuntime().halt(clean ? 0 : 1);
        }, "hub-stop"));
        System.out.printf("RegioHub is ready in %d s: gateway %s (participation :%d, mobility :%d, funding :%d,"
                        + " identity :%d, Kafka %s, PostgreSQL localhost:%d); Ctrl-C stops it%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), config.url("gateway"),
                config.port("participation-service"), config.port("mobility-service"), config.port("funding-service"),
                config.port("identity-service"), config.kafkaBootstrap(), config.postgresPort());
        while (stopped.getCount() > 0) {
            String dead = hub.deadProcess();
            if (dead != null && !stopping.get()) {
                System.err.println("RegioHub: " + dead + " stopped unexpectedly; stopping the hub");
                System.exit(2);
            }
            Thread.sleep(1000);
        }
    }
}
