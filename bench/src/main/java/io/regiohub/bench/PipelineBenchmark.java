package io.regiohub.bench;

import io.regiohub.local.LocalHub;
import io.regiohub.local.LocalHubConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The programme office's pipeline over a large funding database: 100,000 consultations and 50,000
 * applications (inserted in bulk into funding-service's database, then counted with the operations
 * endpoint {@code POST /api/funding/pipeline/recount}), read with {@code GET /api/funding/pipeline}
 * through the hub's gateway and directly at the service, at fixed offered rates (latency from the
 * instant each request was due; by default 20/s, more than a programme office's dashboards ask for,
 * and 100/s as a stress) and in a closed loop (throughput). Beside it, the baseline: the same
 * figures computed from the rows by aggregate queries, which is what the pipeline would cost without
 * the counts kept in each change's transaction.
 */
public final class PipelineBenchmark {

    static final String PIPELINE = "/api/funding/pipeline";

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        Path root = Bench.root(opts);
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "30"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
        List<Integer> rates = java.util.Arrays.stream(opts.getOrDefault("rates", "20,100").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        int consultations = Integer.parseInt(opts.getOrDefault("consultations", "100000"));
        int applications = Integer.parseInt(opts.getOrDefault("applications", "50000"));

        LocalHubConfig config = Bench.freshHub(root, "hub-data-pipeline", "for the pipeline benchmark");
        List<GatewayBenchmark.Run> runs = new ArrayList<>();
        List<Long> baseline = new ArrayList<>();
        String seeded;
        try (LocalHub hub = LocalHub.start(config, Duration.ofMinutes(5))) {
            HttpClient http = HttpClient.newHttpClient();
            String gateway = config.url("gateway");
            String direct = config.url("funding-service");
            long started = System.nanoTime();
            try (Connection db = DriverManager.getConnection(config.jdbcUrl("funding"), LocalHubConfig.DB_USER,
                    LocalHubConfig.DB_PASSWORD)) {
                seed(db, consultations, applications);
                long seededAt = System.nanoTime();
                String ops = Bench.token(http, gateway, "demo-ops");
                HttpResponse<String> recount = http.send(HttpRequest.newBuilder(URI.create(gateway + PIPELINE + "/recount"))
                        .header("Authorization", "Bearer " + ops).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (recount.statusCode() != 200) {
                    throw new IllegalStateException("recount failed: " + recount.statusCode() + " " + recount.body());
                }
                seeded = String.format("seeded %,d consultations and %,d applications in %.1f s, counted in %.1f s; "
                                + "the pipeline's JSON is %,d bytes", consultations, applications,
                        (seededAt - started) / 1e9, (System.nanoTime() - seededAt) / 1e9, recount.body().length());
                System.out.println(seeded);
                for (int i = 0; i < 25; i++) {
                    long t = System.nanoTime();
                    pipelineFromRows(db);
                    if (i >= 5) { // the first five warm the caches up
                        baseline.add((System.nanoTime() - t) / 1000);
                    }
                }
            }
            Map<String, String> targets = new java.util.LinkedHashMap<>();
            targets.put("direct (service)", direct);
            targets.put("through the gateway", gateway);
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String token = Bench.token(http, gateway, "demo-program-office");
                System.out.printf("%s: %d s warm-up at %d connections ...%n", target.getKey(), warmup, connections);
                GatewayBenchmark.closedLoop(PIPELINE, target.getKey(), 0, target.getValue(), token, connections, warmup);
            }
            for (int rate : rates) {
                for (Map.Entry<String, String> target : targets.entrySet()) {
                    String token = Bench.token(http, gateway, "demo-program-office");
                    System.out.printf("%s: %d s at %d requests/s ...%n", target.getKey(), seconds, rate);
                    GatewayBenchmark.Run run = GatewayBenchmark.fixedRate(PIPELINE, target.getKey(), target.getValue(),
                            token, connections, rate, seconds);
                    System.out.println("  " + GatewayBenchmark.row(run));
                    runs.add(run);
                }
            }
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String token = Bench.token(http, gateway, "demo-program-office");
                System.out.printf("%s: %d s at %d connections ...%n", target.getKey(), seconds, connections);
                GatewayBenchmark.Run run = GatewayBenchmark.closedLoop(PIPELINE, target.getKey(), 1,
                        target.getValue(), token, connections, seconds);
                System.out.println("  " + GatewayBenchmark.row(run));
                runs.add(run);
            }
        }
        Bench.publish(root, "pipeline-results.txt", report(seeded, runs, Latencies.of(
                baseline.stream().mapToLong(Long::longValue).toArray()), seconds, connections));
        System.exit(0);
    }

    /**
     * Consultations spread over the directory's municipalities, the catalogue's programmes and two years,
     * in every state (held ones 0-29 days after the request); applications likewise, approved ones with
     * an amount granted.
     */
    static void seed(Connection db, int consultations, int applications) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("""
                    CREATE TEMPORARY TABLE bench_m AS
                    SELECT row_number() OVER (ORDER BY municipality_key) - 1 AS n, municipality_key AS key
                    FROM hub.municipality_directory""");
            s.execute("""
                    INSERT INTO bench_m (n, key)
                    SELECT 0, '06412000' WHERE NOT EXISTS (SELECT 1 FROM bench_m)""");
            s.execute("""
                    CREATE TEMPORARY TABLE bench_p AS
                    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM funding_programme""");
            s.execute("""
                    INSERT INTO consultation (id, municipality, programme_id, project_idea, status, requested_at,
                                              first_scheduled_at, first_held_at, closed_at)
                    SELECT gen_random_uuid(), m.key, p.id, 'Projektidee ' || i, st.status, r.at,
                           CASE WHEN st.status <> 'REQUESTED' THEN r.at + interval '1 day' END,
                           CASE WHEN st.status IN ('HELD', 'FOLLOW_UP', 'CLOSED') THEN r.at + (i %% 30) * interval '1 day' END,
                           CASE WHEN st.status = 'CLOSED' THEN r.at + interval '40 days' END
                    FROM generate_series(1, %d) i
                    JOIN bench_m m ON m.n = i %% (SELECT count(*) FROM bench_m)
                    JOIN bench_p p ON p.n = (i / 7) %% (SELECT count(*) FROM bench_p)
                    CROSS JOIN LATERAL (SELECT (ARRAY['REQUESTED', 'SCHEDULED', 'HELD', 'FOLLOW_UP', 'CLOSED'])[1 + i %% 5]
                                        AS status) st
                    CROSS JOIN LATERAL (SELECT now() - interval '730 days' + (i %% 700) * interval '1 day' AS at) r
                    """.formatted(consultations));
            s.execute("""
                    INSERT INTO application (id, municipality, programme_id, title, amount_requested, amount_granted,
                                             status, created_at, submitted_at, decided_at)
                    SELECT gen_random_uuid(), m.key, p.id, 'Antrag ' || i, 10000 + (i %% 90) * 1000,
                           CASE WHEN st.status IN ('APPROVED', 'FUNDS_DISBURSED', 'COMPLETED') THEN 10000 END,
                           st.status, now() - (i %% 700) * interval '1 day',
                           CASE WHEN st.status <> 'DRAFT' THEN now() - (i %% 700) * interval '1 day' END,
                           CASE WHEN st.status IN ('APPROVED', 'REJECTED', 'FUNDS_DISBURSED', 'COMPLETED')
                                THEN now() - (i %% 600) * interval '1 day' END
                    FROM generate_series(1, %d) i
                    JOIN bench_m m ON m.n = (i / 3) %% (SELECT count(*) FROM bench_m)
                    JOIN bench_p p ON p.n = i %% (SELECT count(*) FROM bench_p)
                    CROSS JOIN LATERAL (SELECT (ARRAY['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'REJECTED',
                                                      'FUNDS_DISBURSED', 'COMPLETED'])[1 + i %% 7] AS status) st
                    """.formatted(applications));
            s.execute("ANALYZE consultation");
            s.execute("ANALYZE application");
        }
    }

    /** The pipeline's figures computed from the rows themselves: what it would cost without the counts. */
    static void pipelineFromRows(Connection db) throws Exception {
        try (Statement s = db.createStatement()) {
            for (String sql : List.of(
                    "SELECT programme_id, status, count(*) FROM consultation GROUP BY 1, 2",
                    "SELECT programme_id, status, count(*) FROM application GROUP BY 1, 2",
                    "SELECT date_trunc('month', requested_at), count(*), count(first_held_at) FROM consultation GROUP BY 1",
                    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(extract(epoch FROM first_held_at - "
                            + "requested_at) / 86400)) FROM consultation WHERE first_held_at IS NOT NULL",
                    """
                    SELECT d.classification, coalesce(d.district_key, d.municipality_key),
                           EXISTS (SELECT 1 FROM consultation c WHERE c.municipality = d.municipality_key
                                   AND c.first_held_at IS NOT NULL) AS consulted,
                           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM application a
                                   WHERE a.municipality = d.municipality_key AND a.status <> 'DRAFT')),
                           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM application a
                                   WHERE a.municipality = d.municipality_key
                                   AND a.status IN ('APPROVED', 'FUNDS_DISBURSED', 'COMPLETED')))
                    FROM hub.municipality_directory d GROUP BY 1, 2, 3""")) {
                try (var rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    static String report(String seeded, List<GatewayBenchmark.Run> runs, Latencies baseline, int seconds,
                         int connections) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("RegioHub programme office pipeline, %s, %d cores, Java %s%n%s%n%n",
                LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), Runtime.version(), seeded));
        sb.append(String.format("GET %s, %d s per target; fixed rate: latency from the instant each request was due; "
                + "closed loop: %d connections%n", PIPELINE, seconds, connections));
        sb.append(String.format("%-26s %5s %10s %8s %8s %8s %8s%n", "target", "rate", "ok/s", "failed", "p50 ms",
                "p99 ms", "p99.9 ms"));
        for (GatewayBenchmark.Run r : runs) {
            sb.append(String.format("%-26s %5s %10.0f %8d %8.2f %8.2f %8.2f%n", r.target(),
                    r.rate() > 0 ? r.rate() + "/s" : "loop", r.throughput(), r.failed(),
                    r.latencies().percentileMillis(50), r.latencies().percentileMillis(99),
                    r.latencies().percentileMillis(99.9)));
        }
        sb.append(String.format("%nbaseline, the same figures computed from the rows (5 aggregate queries, JDBC, "
                        + "sequential, %d runs): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", baseline.count(),
                baseline.percentileMillis(50), baseline.percentileMillis(99), baseline.maxMillis()));
        runs.stream().filter(r -> r.rate() > 0 && r.target().startsWith("through")).forEach(r ->
                sb.append(String.format("p99 through the gateway at %d/s: %.2f ms (target < 50 ms)%n", r.rate(),
                        r.latencies().percentileMillis(99))));
        return sb.toString();
    }
}
