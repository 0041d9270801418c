package io.regiohub.bench;

import io.regiohub.local.LocalHub;
import io.regiohub.local.LocalHubConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The event path, end to end: {@code POST /api/participation/municipalities/{ags}/proposals} at the
 * gateway until funding-service has stored the proposal's funding opportunities, at a steady
 * offered rate, beside the raw Kafka producer-to-consumer round trip on the same broker at the same
 * rate as the baseline.
 *
 * <p>Open loop: requests and records are sent on a fixed schedule whatever the responses, and every
 * latency is measured from the moment the schedule intended the send (no coordinated omission).
 * The end of the hub's path is the {@code recorded_at} the funding database gave the opportunity
 * (same machine, same clock).
 */
public final class EventPathBenchmark {

    /** The municipalities of the local hub's demo clients ({@code demo-<ags>}, secret {@code local-only-secret}). */
    private static final List<String> MUNICIPALITIES = List.of("06412000", "06611000", "06535");
    private static final Pattern PROPOSAL_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private EventPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        Path root = Bench.root(opts);
        int[] rates = Arrays.stream(opts.getOrDefault("rates", "100,200").split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));

        LocalHubConfig config = Bench.freshHub(root, "hub-data", "for the benchmark");
        List<Result> results = new ArrayList<>();
        try (LocalHub hub = LocalHub.start(config, Duration.ofMinutes(5))) {
            for (int rate : rates) {
                System.out.printf("rate %d/s: warm-up %d s ...%n", rate, warmup);
                hubPath(config, rate, warmup);
                System.out.printf("rate %d/s: gateway to opportunity, %d s ...%n", rate, seconds);
                results.add(hubPath(config, rate, seconds));
                kafkaRoundTrip(config.kafkaBootstrap(), rate, Math.min(warmup, 10));
                System.out.printf("rate %d/s: raw Kafka round trip, %d s ...%n", rate, seconds);
                results.add(kafkaRoundTrip(config.kafkaBootstrap(), rate, seconds));
            }
        }
        Bench.publish(root, "event-path-results.txt", report(results, seconds, warmup));
        System.exit(0);
    }

    static String report(List<Result> results, int seconds, int warmup) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("RegioHub event path vs raw Kafka, %s, %d cores, Java %s, %d s per rate after %d s warm-up%n",
                LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                seconds, warmup));
        sb.append(Result.header()).append('\n');
        for (Result r : results) {
            sb.append(r.row()).append('\n');
        }
        return sb.toString();
    }

    /** Proposals through the gateway; done when funding-service stored the proposal's opportunities. */
    static Result hubPath(LocalHubConfig config, int rate, int seconds) throws Exception {
        var clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(clientThreads).connectTimeout(Duration.ofSeconds(5)).build();
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        Map<UUID, Long> intendedMicros = new ConcurrentHashMap<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        String gateway = config.url("gateway");
        String run = UUID.randomUUID().toString().substring(0, 8);
        // each municipality's portal submits with its own token (5 minutes: fetched anew for every phase)
        Map<String, String> tokens = new HashMap<>();
        for (String ags : MUNICIPALITIES) {
            tokens.put(ags, Bench.token(http, gateway, "demo-" + ags));
        }

        long startMicros = epochMicros();
        runOnSchedule(total, intervalNanos, i -> {
            long intended = startMicros + i * intervalNanos / 1000;
            String ags = MUNICIPALITIES.get(i % MUNICIPALITIES.size());
            String body = "{\"title\":\"Freies WLAN an der Haltestelle " + i + "\",\"description\":\"Benchmark " + run
                    + "\",\"topics\":[\"wlan\"],\"citizen\":\"bench-" + run + "-" + i + "\"}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/participation/municipalities/" + ags + "/proposals"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens.get(ags))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            CompletableFuture<?> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        Optional<UUID> id = failure == null && response.statusCode() == 201
                                ? proposalId(response.body()) : Optional.empty();
                        if (id.isPresent()) {
                            intendedMicros.put(id.get(), intended);
                        } else {
                            errors.incrementAndGet();
                        }
                    });
            synchronized (inFlight) {
                inFlight.add(f);
            }
        });
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(2, TimeUnit.MINUTES);
        http.close();
        clientThreads.shutdownNow();

        Map<UUID, Long> stored = awaitOpportunities(config, intendedMicros.keySet(), Duration.ofSeconds(60));
        long[] latencies = new long[stored.size()];
        int n = 0;
        long lastStored = startMicros;
        for (Map.Entry<UUID, Long> e : stored.entrySet()) {
            latencies[n++] = e.getValue() - intendedMicros.get(e.getKey());
            lastStored = Math.max(lastStored, e.getValue());
        }
        int missing = intendedMicros.size() - stored.size();
        double achieved = stored.size() / ((lastStored - startMicros) / 1e6);
        return new Result("gateway -> opportunity stored", rate, seconds, total, stored.size(),
                errors.get() + missing, achieved, Latencies.of(latencies));
    }

    private static Optional<UUID> proposalId(String body) {
        Matcher m = PROPOSAL_ID.matcher(body);
        return m.find() ? Optional.of(UUID.fromString(m.group(1))) : Optional.empty();
    }

    private static Map<UUID, Long> awaitOpportunities(LocalHubConfig config, java.util.Set<UUID> ids, Duration timeout)
            throws Exception {
        Map<UUID, Long> stored = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl("funding"), LocalHubConfig.DB_USER,
                LocalHubConfig.DB_PASSWORD);
             PreparedStatement q = c.prepareStatement(
                     "SELECT proposal_id, min(recorded_at) FROM funding_opportunity WHERE proposal_id = ANY (?) GROUP BY proposal_id")) {
            while (stored.size() < ids.size() && System.nanoTime() < deadline) {
                List<UUID> open = ids.stream().filter(id -> !stored.containsKey(id)).toList();
                q.setArray(1, c.createArrayOf("uuid", open.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Instant at = rs.getTimestamp(2).toInstant();
                        stored.put(rs.getObject(1, UUID.class), at.getEpochSecond() * 1_000_000 + at.getNano() / 1000);
                    }
                }
                if (stored.size() < ids.size()) {
                    Thread.sleep(200);
                }
            }
        }
        return stored;
    }

    /** The baseline: a Kafka producer and consumer on the same broker, same rate, records of a similar size. */
    static Result kafkaRoundTrip(String bootstrap, int rate, int seconds) throws Exception {
        String topic = "bench.baseline";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
            }
        }
        int total = rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastReceived = new AtomicLong();
        String run = UUID.randomUUID().toString();
        CountDownLatch assigned = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);

        Thread consumerThread = Thread.ofPlatform().name("baseline-consumer").start(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + run,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (consumer.assignment().isEmpty()) {
                    consumer.poll(Duration.ofMillis(100));
                }
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                assigned.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
                while (received.get() < total && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long now = epochMicros();
                        ByteBuffer value = ByteBuffer.wrap(r.value());
                        long intended = value.getLong();
                        int index = value.getInt();
                        if (index >= 0 && index < total) {
                            latencies[received.getAndIncrement()] = now - intended;
                            lastReceived.set(now);
                        }
                    }
                }
            } finally {
                done.countDown();
            }
        });
        assigned.await(60, TimeUnit.SECONDS);
        int[] sendErrors = new int[1];
        long startMicros = epochMicros();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
            byte[] padding = new byte[400];
            runOnSchedule(total, intervalNanos, i -> {
                long intended = startMicros + i * intervalNanos / 1000;
                ByteBuffer value = ByteBuffer.allocate(12 + padding.length).putLong(intended).putInt(i).put(padding);
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value.array()), (md, e) -> {
                    if (e != null) {
                        synchronized (sendErrors) {
                            sendErrors[0]++;
                        }
                    }
                });
            });
            producer.flush();
        }
        done.await(seconds + 90L, TimeUnit.SECONDS);
        consumerThread.join(5000);
        int n = received.get();
        double achieved = n / ((lastReceived.get() - startMicros) / 1e6);
        return new Result("raw Kafka producer -> consumer", rate, seconds, total, n,
                sendErrors[0] + (total - n), achieved, Latencies.of(Arrays.copyOf(latencies, n)));
    }

    interface Task {
        void run(int i) throws Exception;
    }

    /** Runs {@code total} tasks at fixed intervals; a late tick does not shift the ones after it. */
    static void runOnSchedule(int total, long intervalNanos, Task task) throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        scheduler.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= total) {
                finished.countDown();
                return;
            }
            try {
                task.run(i);
            } catch (Exception e) {
                System.err.println("send " + i + " failed: " + e.getMessage());
            }
        }, 0, intervalNanos, TimeUnit.NANOSECONDS);
        finished.await();
        scheduler.shutdownNow();
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
