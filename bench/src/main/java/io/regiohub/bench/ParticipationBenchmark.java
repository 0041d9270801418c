package io.regiohub.bench;

import io.regiohub.local.LocalHub;
import io.regiohub.local.LocalHubConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Citizen participation at scale: one process with 100,000 proposals and 1,000,000 supports
 * (inserted in bulk into participation-service's database, German titles and descriptions drawn
 * from word lists so that full-text search has something to find). Measured through the gateway and
 * directly at the service, at fixed offered rates (latency from the instant each request was due):
 * <ul>
 *   <li>the first page of the process's proposals sorted by supports;</li>
 *   <li>a full-text search (German, rotating search words), first page;</li>
 *   <li>supports: {@code PUT /proposals/{id}/supports/{citizen}} of new citizens on random proposals,
 *       sustained at the offered rate.</li>
 * </ul>
 * Beside it, in the same run, the baselines over the same data: the page computed by counting the
 * supports (what it costs without the count kept in each support's transaction), the search as
 * {@code ILIKE} over title and description (no full-text index), and a deep page by {@code OFFSET}.
 */
public final class ParticipationBenchmark {

    static final String PORTAL = "demo-06412000";
    static final String[] WHAT = {"Radweg", "WLAN", "Spielplatz", "Bushaltestelle", "Straßenbeleuchtung", "Sitzbank",
            "Trinkbrunnen", "Ladesäule", "Carsharing-Station", "Bücherschrank", "Fahrradständer", "Zebrastreifen",
            "Baumpflanzung", "Hundewiese", "Bürgerbüro-App", "Glasfaseranschluss", "Rufbus", "Mitfahrbank",
            "Solardach", "Schulweg"};
    static final String[] HOW = {"Sicherer", "Freies", "Neuer", "Barrierefreie", "Bessere", "Mehr", "Digitale",
            "Überdachte", "Beleuchtete", "Öffentliche"};
    static final String[] WHERE = {"am Mainufer", "in der Innenstadt", "am Bahnhof", "im Nordend", "an der Schule",
            "im Ostpark", "am Marktplatz", "in Bornheim", "an der Bibliothek", "im Gewerbegebiet", "am Friedhof",
            "in Sachsenhausen", "an der Hauptstraße", "im Neubaugebiet", "am Sportplatz"};
    static final String[] TOPICS = {"mobility", "public-transport", "wlan", "broadband", "digital-administration",
            "climate", "education", "health"};
    /** Search words: frequent ones, rare ones, a word with a German ending and a phrase. */
    static final String[] SEARCHES = {"Radwege", "WLAN Bibliothek", "Trinkbrunnen", "Rufbus Bahnhof",
            "beleuchtete Schulwege", "\"Neuer Spielplatz\"", "Ladesäulen", "Mitfahrbank Friedhof"};

    /** The baseline's search words: frequent, rare, and one no proposal contains (a full scan). */
    static final String[] ILIKE_WORDS = {"Radweg", "Trinkbrunnen", "Mitfahrbank", "Seilbahn"};

    private ParticipationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        Path root = Bench.root(opts);
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "30"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
        List<Integer> rates = ints(opts.getOrDefault("rates", "50,200"));
        List<Integer> supportRates = ints(opts.getOrDefault("support-rates", "2000"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "100"));
        List<Integer> batchRates = ints(opts.getOrDefault("batch-rates", "2000,5000"));
        int proposals = Integer.parseInt(opts.getOrDefault("proposals", "100000"));
        int supports = Integer.parseInt(opts.getOrDefault("supports", "1000000"));

        // Frankfurt's demo portal sends the supports: its rate limit is raised for this run only
        LocalHubConfig config = Bench.freshHub(root, "hub-data-participation", "for the participation benchmark", List.of(
                "-Dregiohub.gateway.rate-limit.clients." + PORTAL + ".requests-per-second=20000",
                "-Dregiohub.gateway.rate-limit.clients." + PORTAL + ".burst=20000"));
        List<GatewayBenchmark.Run> runs = new ArrayList<>();
        List<String> baselines = new ArrayList<>();
        String seeded;
        try (LocalHub hub = LocalHub.start(config, Duration.ofMinutes(5))) {
            HttpClient http = HttpClient.newHttpClient();
            String gateway = config.url("gateway");
            String token = Bench.token(http, gateway, PORTAL);
            String process = openProcess(http, gateway, token);
            List<UUID> ids;
            long started = System.nanoTime();
            try (Connection db = DriverManager.getConnection(config.jdbcUrl("participation"), LocalHubConfig.DB_USER,
                    LocalHubConfig.DB_PASSWORD)) {
                seed(db, UUID.fromString(process), proposals, supports);
                seeded = String.format("seeded %,d proposals and %,d supports in one process in %.1f s", proposals,
                        supports, (System.nanoTime() - started) / 1e9);
                System.out.println(seeded);
                ids = proposalIds(db, UUID.fromString(process));
                baselines.addAll(baselines(db, UUID.fromString(process)));
            }

            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("direct (service)", config.url("participation-service"));
            targets.put("through the gateway", gateway);
            String list = "/api/participation/processes/" + process + "/proposals?sort=supports&limit=20";
            String search = "/api/participation/processes/" + process + "/proposals?limit=20&q=";
            Map<String, IntFunction<String>> reads = new LinkedHashMap<>();
            reads.put("first page by supports", i -> list);
            reads.put("full-text search", i -> search + URLEncoder.encode(SEARCHES[i % SEARCHES.length],
                    StandardCharsets.UTF_8));
            // tokens live five minutes: every measurement gets a fresh one
            for (var target : targets.entrySet()) {
                System.out.printf("%s: %d s warm-up ...%n", target.getKey(), warmup);
                for (var read : reads.values()) {
                    GatewayBenchmark.fixedRate("warm-up", target.getKey(), connections, 100, warmup / 2,
                            get(target.getValue(), Bench.token(http, gateway, PORTAL), read));
                }
                GatewayBenchmark.fixedRate("warm-up", target.getKey(), connections, 500, Math.max(5, warmup / 3),
                        supportsOf(target.getValue(), Bench.token(http, gateway, PORTAL), ids,
                                "w" + target.getKey().charAt(0)));
            }
            for (var read : reads.entrySet()) {
                for (int rate : rates) {
                    for (var target : targets.entrySet()) {
                        System.out.printf("%s, %s: %d s at %d requests/s ...%n", read.getKey(), target.getKey(), seconds, rate);
                        GatewayBenchmark.Run run = GatewayBenchmark.fixedRate(read.getKey(), target.getKey(), connections,
                                rate, seconds, get(target.getValue(), Bench.token(http, gateway, PORTAL), read.getValue()));
                        System.out.println("  " + GatewayBenchmark.row(run));
                        runs.add(run);
                    }
                }
            }
            int round = 0;
            for (int rate : supportRates) {
                for (var target : targets.entrySet()) {
                    System.out.printf("supports, %s: %d s at %d requests/s ...%n", target.getKey(), seconds, rate);
                    GatewayBenchmark.Run run = GatewayBenchmark.fixedRate("supports", target.getKey(), connections, rate,
                            seconds, supportsOf(target.getValue(), Bench.token(http, gateway, PORTAL), ids, "r" + (round++)));
                    System.out.println("  " + GatewayBenchmark.row(run));
                    runs.add(run);
                }
            }
            // supports sent by the portal in batches (POST /api/participation/supports)
            for (int rate : batchRates) {
                for (var target : targets.entrySet()) {
                    System.out.printf("supports in batches of %d, %s: %d s at %d supports/s ...%n", batch, target.getKey(),
                            seconds, rate);
                    GatewayBenchmark.Run run = GatewayBenchmark.fixedRate(BATCHES, target.getKey(), connections,
                            Math.max(1, rate / batch), seconds, batchesOf(target.getValue(),
                                    Bench.token(http, gateway, PORTAL), ids, "b" + (round++), batch));
                    System.out.println("  " + GatewayBenchmark.row(run));
                    runs.add(run);
                }
            }
            try (Connection db = DriverManager.getConnection(config.jdbcUrl("participation"), LocalHubConfig.DB_USER,
                    LocalHubConfig.DB_PASSWORD); Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM support), (SELECT sum(support_count) FROM proposal_tally)")) {
                rs.next();
                seeded += String.format("; after the run: %,d support rows, %,d counted on the proposals%s", rs.getLong(1),
                        rs.getLong(2), rs.getLong(1) == rs.getLong(2) ? " (equal)" : " (DIFFERENT)");
            }
        }
        Bench.publish(root, "participation-results.txt", report(seeded, runs, baselines, seconds, connections, batch));
        System.exit(0);
    }

    /** Comma-separated rates; {@code none} (or nothing) skips those measurements. */
    static List<Integer> ints(String csv) {
        if (csv.isBlank() || csv.strip().equals("none")) {
            return List.of();
        }
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    static IntFunction<HttpRequest> get(String base, String token, IntFunction<String> path) {
        return i -> HttpRequest.newBuilder(URI.create(base + path.apply(i))).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    /** Supports of new citizens ({@code <prefix>-<i>}) on proposals drawn at random. */
    static IntFunction<HttpRequest> supportsOf(String base, String token, List<UUID> ids, String prefix) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        return i -> HttpRequest.newBuilder(URI.create(base + "/api/participation/proposals/"
                        + ids.get(random.nextInt(ids.size())) + "/supports/" + prefix + "-" + i))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
    }

    static final String BATCHES = "supports in batches";

    /** Batches of {@code size} supports of new citizens on proposals drawn at random. */
    static IntFunction<HttpRequest> batchesOf(String base, String token, List<UUID> ids, String prefix, int size) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        return i -> {
            StringBuilder body = new StringBuilder("{\"supports\":[");
            for (int k = 0; k < size; k++) {
                body.append(k == 0 ? "" : ",").append("{\"proposalId\":\"").append(ids.get(random.nextInt(ids.size())))
                        .append("\",\"citizen\":\"").append(prefix).append('-').append(i).append('-').append(k).append("\"}");
            }
            return HttpRequest.newBuilder(URI.create(base + "/api/participation/supports"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()))
                    .build();
        };
    }

    static String openProcess(HttpClient http, String gateway, String token) throws Exception {
        Instant now = Instant.now();
        String body = """
                {"title":"Frankfurt gestaltet","topics":["mobility","wlan","climate"],"audience":"CITIZENS",
                 "phases":[{"type":"PROPOSALS","startsAt":"%s","endsAt":"%s"}]}""".formatted(
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway
                        + "/api/participation/municipalities/06412000/processes"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("could not open the process: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /**
     * Proposals with titles and descriptions drawn from the word lists, in every open and answered
     * state, over the last year; supports skewed towards some proposals as on a real platform (the
     * square of a uniform number picks the proposal), each from its own citizen; then the counts.
     */
    static void seed(Connection db, UUID process, int proposals, int supports) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE bench_words (what text[], how text[], place text[], topics text[])");
            try (PreparedStatement p = db.prepareStatement("INSERT INTO bench_words VALUES (?, ?, ?, ?)")) {
                p.setArray(1, db.createArrayOf("text", WHAT));
                p.setArray(2, db.createArrayOf("text", HOW));
                p.setArray(3, db.createArrayOf("text", WHERE));
                p.setArray(4, db.createArrayOf("text", TOPICS));
                p.executeUpdate();
            }
            s.execute("""
                    CREATE TEMPORARY TABLE bench_p AS
                    SELECT i, gen_random_uuid() AS id FROM generate_series(0, %d - 1) i""".formatted(proposals));
            s.execute("""
                    INSERT INTO proposal (id, municipality, process_id, title, description, topics, citizen, status, submitted_at)
                    SELECT p.id, '06412000', '%s',
                           w.how[1 + p.i %% 10] || ' ' || w.what[1 + (p.i / 10) %% 20] || ' ' || w.place[1 + (p.i / 200) %% 15],
                           'Wir schlagen vor: ' || w.how[1 + (p.i / 7) %% 10] || ' ' || w.what[1 + (p.i / 3) %% 20] || ' '
                               || w.place[1 + (p.i / 11) %% 15] || '. Das hilft Familien, Pendlern und älteren Menschen '
                               || 'im Alltag und macht den Stadtteil lebenswerter. Vorschlag Nummer ' || p.i || '.',
                           ARRAY[w.topics[1 + p.i %% 8], w.topics[1 + (p.i / 8) %% 8]],
                           'author-' || p.i,
                           (ARRAY['SUBMITTED', 'SUBMITTED', 'SUBMITTED', 'EVALUATING', 'ACCEPTED', 'REJECTED'])[1 + p.i %% 6],
                           now() - (p.i %% 365) * interval '1 day' - (p.i %% 86400) * interval '1 second'
                    FROM bench_p p CROSS JOIN bench_words w""".formatted(process));
            s.execute("UPDATE proposal SET topics = ARRAY(SELECT DISTINCT unnest(topics)) WHERE process_id = '%s'"
                    .formatted(process));
            s.execute("""
                    INSERT INTO support (proposal_id, citizen, supported_at)
                    SELECT p.id, 'fan-' || s, now() - (s %% 300) * interval '1 minute'
                    FROM generate_series(1, %d) s
                    JOIN bench_p p ON p.i = floor(%d * power(((s::bigint * 7919) %% 1000003) / 1000003.0, 2))::int"""
                    .formatted(supports, proposals));
            s.execute("""
                    UPDATE proposal_tally t SET support_count = c.n
                    FROM (SELECT proposal_id, count(*) AS n FROM support GROUP BY proposal_id) c
                    WHERE c.proposal_id = t.proposal_id""");
            s.execute("VACUUM ANALYZE proposal");
            s.execute("VACUUM ANALYZE proposal_tally");
            s.execute("VACUUM ANALYZE support");
        }
    }

    static List<UUID> proposalIds(Connection db, UUID process) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
                "SELECT id FROM proposal WHERE process_id = ? AND status IN ('SUBMITTED', 'EVALUATING')")) {
            p.setObject(1, process);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** The baselines over the same data, 20 sequential runs each after 3 to warm the caches. */
    static List<String> baselines(Connection db, UUID process) throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("first page by supports, counted from the supports (no kept count)", """
                SELECT p.id, p.title, count(s.citizen) AS n FROM proposal p LEFT JOIN support s ON s.proposal_id = p.id
                WHERE p.process_id = ? AND p.status <> 'WITHDRAWN' GROUP BY p.id ORDER BY n DESC, p.id DESC LIMIT 21""");
        queries.put("search by ILIKE over title and description (no full-text index)", """
                SELECT p.id, p.title FROM proposal p JOIN proposal_tally t ON t.proposal_id = p.id
                WHERE p.process_id = ? AND p.status <> 'WITHDRAWN'
                AND (p.title ILIKE '%' || ? || '%' OR p.description ILIKE '%' || ? || '%')
                ORDER BY t.support_count DESC, t.proposal_id DESC LIMIT 21""");
        queries.put("page 2,000 of 20 by OFFSET (instead of a cursor)", """
                SELECT p.id, p.title FROM proposal_tally t JOIN proposal p ON p.id = t.proposal_id
                WHERE t.process_id = ? AND p.status <> 'WITHDRAWN'
                ORDER BY t.support_count DESC, t.proposal_id DESC OFFSET 40000 LIMIT 21""");
        List<String> lines = new ArrayList<>();
        for (var q : queries.entrySet()) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                try (PreparedStatement p = db.prepareStatement(q.getValue())) {
                    p.setObject(1, process);
                    if (q.getValue().contains("ILIKE")) {
                        String word = ILIKE_WORDS[i % ILIKE_WORDS.length];
                        p.setString(2, word);
                        p.setString(3, word);
                    }
                    long t = System.nanoTime();
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1);
                        }
                    }
                    if (i >= 3) {
                        micros.add((System.nanoTime() - t) / 1000);
                    }
                }
            }
            Latencies l = Latencies.of(micros.stream().mapToLong(Long::longValue).toArray());
            lines.add(String.format("%-70s p50 %8.1f ms  p99 %8.1f ms", q.getKey(), l.percentileMillis(50),
                    l.percentileMillis(99)));
        }
        return lines;
    }

    static String report(String seeded, List<GatewayBenchmark.Run> runs, List<String> baselines, int seconds,
                         int connections, int batch) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("RegioHub participation at scale, %s, %d cores, Java %s%n%s%n%n",
                LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), Runtime.version(), seeded));
        sb.append(String.format("%d s per measurement at a fixed offered rate (requests/s; a batch of %d supports is one "
                + "request), latency from the instant each request was due, at most %d in flight%n", seconds, batch,
                connections));
        sb.append(String.format("%-24s %-22s %6s %9s %8s %8s %8s %8s%n", "what", "target", "rate", "ok/s", "failed",
                "p50 ms", "p99 ms", "p99.9 ms"));
        for (GatewayBenchmark.Run r : runs) {
            sb.append(String.format("%-24s %-22s %6s %9.0f %8d %8.2f %8.2f %8.2f%n", r.endpoint(), r.target(),
                    r.rate() + "/s", r.throughput(), r.failed(), r.latencies().percentileMillis(50),
                    r.latencies().percentileMillis(99), r.latencies().percentileMillis(99.9)));
        }
        sb.append(String.format("%nbaselines over the same data (JDBC, sequential, 20 runs each):%n"));
        baselines.forEach(b -> sb.append("  ").append(b).append(System.lineSeparator()));
        sb.append(System.lineSeparator());
        runs.stream().filter(r -> r.target().startsWith("through") && !r.endpoint().startsWith("supports")).forEach(r ->
                sb.append(String.format("%s through the gateway at %d/s: p99 %.2f ms (target < 50 ms)%n", r.endpoint(),
                        r.rate(), r.latencies().percentileMillis(99))));
        runs.stream().filter(r -> r.endpoint().equals("supports")).forEach(r ->
                sb.append(String.format("supports one by one, %s: offered %d/s, accepted %.0f/s, %d failed (target >= "
                        + "2,000/s sustained)%n", r.target(), r.rate(), r.throughput(), r.failed())));
        runs.stream().filter(r -> r.endpoint().equals(BATCHES)).forEach(r ->
                sb.append(String.format("supports in batches of %d, %s: offered %d/s, accepted %.0f/s, %d batches failed "
                        + "(target >= 2,000/s sustained)%n", batch, r.target(), r.rate() * batch, r.throughput() * batch,
                        r.failed())));
        return sb.toString();
    }
}
