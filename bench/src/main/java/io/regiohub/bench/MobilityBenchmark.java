package io.regiohub.bench;

import io.regiohub.bench.gtfs.RegionalFeed;
import io.regiohub.bench.gtfs.TripUpdatesFeed;
import io.regiohub.local.LocalHub;
import io.regiohub.local.LocalHubConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Mobility at regional scale, on a feed generated from a seed ({@link RegionalFeed}: 30,000 stops,
 * 1,500,000 stop times by default):
 * <ol>
 *   <li>the schedule import through the gateway (upload, validation, COPY, indexes, activation), beside
 *       the baseline the issue names — the same stop times loaded row by row with batched JDBC INSERTs
 *       into a table of the same shape and indexes;</li>
 *   <li>a full TripUpdates feed of 5,000 trips applied (median and worst of several), directly and
 *       through the gateway;</li>
 *   <li>departure boards of the 100 busiest stops at a fixed offered rate (2,000/s by default), through the
 *       gateway and directly, the caller a municipality's portal (token validated, rate-limited).</li>
 * </ol>
 */
public final class MobilityBenchmark {

    static final String PORTAL = "demo-06412000";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private MobilityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        Path root = Bench.root(opts);
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "30"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
        List<Integer> rates = ParticipationBenchmark.ints(opts.getOrDefault("rates", "2000"));
        int stops = Integer.parseInt(opts.getOrDefault("stops", "30000"));
        long stopTimes = Long.parseLong(opts.getOrDefault("stop-times", "1500000"));
        int trips = Integer.parseInt(opts.getOrDefault("trips", "5000"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        // parts can be left out when only the boards are of interest (e.g. while profiling)
        boolean baselineRun = Boolean.parseBoolean(opts.getOrDefault("baseline", "true"));
        boolean realtimeRun = Boolean.parseBoolean(opts.getOrDefault("realtime", "true"));

        // a Tuesday of the feed's first weeks: weekday services run
        LocalDate firstDay = LocalDate.now(BERLIN).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate serviceDay = firstDay.plusDays(1);
        Path zip = root.resolve("bench/target/regional-feed.zip");
        Files.createDirectories(zip.getParent());
        long t0 = System.nanoTime();
        RegionalFeed.Summary feed = RegionalFeed.write(zip, seed, stops, stopTimes, firstDay);
        String generated = String.format("generated feed (seed %d): %,d stops, %,d routes, %,d trips, %,d stop times, "
                        + "%,d frequency-based trips, %.1f MB zip, in %.1f s", seed, feed.stops(), feed.routes(), feed.trips(),
                feed.stopTimes(), feed.frequencyTrips(), Files.size(zip) / 1e6, (System.nanoTime() - t0) / 1e9);
        System.out.println(generated);

        LocalHubConfig config = Bench.freshHub(root, "hub-data-mobility", "for the mobility benchmark", List.of(
                "-Dregiohub.gateway.rate-limit.clients." + PORTAL + ".requests-per-second=20000",
                "-Dregiohub.gateway.rate-limit.clients." + PORTAL + ".burst=20000"));
        List<String> lines = new ArrayList<>();
        lines.add(generated);
        List<GatewayBenchmark.Run> runs = new ArrayList<>();
        try (LocalHub hub = LocalHub.start(config, Duration.ofMinutes(5))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String gateway = config.url("gateway");
            String direct = config.url("mobility-service");
            String token = Bench.token(http, gateway, PORTAL);

            // 1. the import
            String feedId = id(send(http, post(gateway + "/api/mobility/municipalities/06412000/feeds", token,
                    "application/json", "{\"name\":\"Region Hessen (generated)\"}".getBytes()), 201));
            long started = System.nanoTime();
            String importId = id(send(http, post(gateway + "/api/mobility/feeds/" + feedId + "/schedule", token,
                    "application/zip", Files.readAllBytes(zip)), 202));
            String status;
            String view;
            do {
                Thread.sleep(200);
                view = send(http, get(gateway + "/api/mobility/imports/" + importId, token), 200);
                status = field(view, "status");
            } while (status.equals("RUNNING"));
            double importSeconds = (System.nanoTime() - started) / 1e9;
            if (!status.equals("SUCCEEDED")) {
                throw new IllegalStateException("import failed: " + view);
            }
            String importLine;
            try (Connection db = DriverManager.getConnection(config.jdbcUrl("mobility"), LocalHubConfig.DB_USER,
                    LocalHubConfig.DB_PASSWORD)) {
                double server;
                try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT extract(epoch FROM finished_at - started_at) FROM schedule_import WHERE id = '" + importId + "'")) {
                    rs.next();
                    server = rs.getDouble(1);
                }
                importLine = String.format("schedule import through the gateway: %.1f s from the upload to SUCCEEDED "
                        + "(%.1f s in the service: read, validate, COPY, index, activate) (target < 20 s)", importSeconds, server);
                System.out.println(importLine);
                lines.add(importLine);
                if (baselineRun) {
                    String baseline = rowByRowBaseline(db, zip);
                    System.out.println(baseline);
                    lines.add(baseline);
                }
            }

            // 2. a full TripUpdates feed of 5,000 trips
            // each round: a new draw of 5,000 trips (every cancellation and significant delay announced for the
            // first time: the worst case), then the same message again (as a feed polled every 30 s mostly repeats)
            Map<String, String> rtTargets = new LinkedHashMap<>();
            rtTargets.put("direct (service)", direct);
            rtTargets.put("through the gateway", gateway);
            int draw = 0;
            for (var target : realtimeRun ? rtTargets.entrySet() : Map.<String, String>of().entrySet()) {
                List<Double> first = new ArrayList<>();
                List<Double> again = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    byte[] message = TripUpdatesFeed.build(feed, seed + 1000 + draw++, trips, serviceDay, Instant.now());
                    for (List<Double> into : List.of(first, again)) {
                        long s = System.nanoTime();
                        String applied = send(http, post(target.getValue() + "/api/mobility/feeds/" + feedId + "/realtime",
                                Bench.token(http, gateway, PORTAL), "application/x-protobuf", message), 200);
                        into.add((System.nanoTime() - s) / 1e6);
                        if (i == 0 && into == first) {
                            System.out.println("  applied: " + applied);
                        }
                    }
                }
                for (var m : Map.of("a new draw", first, "the same message again", again).entrySet()) {
                    List<Double> measured = new ArrayList<>(m.getValue().subList(2, m.getValue().size()));
                    measured.sort(Double::compare);
                    String line = String.format("TripUpdates of %,d trips, %s (%s): median %.0f ms, worst %.0f ms over %d "
                                    + "runs after 2 warm-up runs (target < 1 s)", trips, m.getKey(), target.getKey(),
                            measured.get(measured.size() / 2), measured.getLast(), measured.size());
                    System.out.println(line);
                    lines.add(line);
                }
            }

            // 3. departure boards
            String at = URLEncoder.encode(serviceDay.atTime(7, 30).atZone(BERLIN).toOffsetDateTime().toString(),
                    StandardCharsets.UTF_8);
            List<String> busiest = feed.busiestStopIds();
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("direct (service)", direct);
            targets.put("through the gateway", gateway);
            for (var target : targets.entrySet()) {
                System.out.printf("boards, %s: %d s warm-up ...%n", target.getKey(), warmup);
                GatewayBenchmark.fixedRate("warm-up", target.getKey(), connections, 500, warmup,
                        boards(target.getValue(), Bench.token(http, gateway, PORTAL), feedId, busiest, at));
            }
            for (int rate : rates) {
                for (var target : targets.entrySet()) {
                    // the measurement starts in the steady state of its rate: 5 s at that rate first, not counted
                    // (after the other target's phase the gateway's copies have expired, and what a cold start
                    // costs is not what a display polling at 2,000/s meets)
                    GatewayBenchmark.fixedRate("settle", target.getKey(), connections, rate, 5,
                            boards(target.getValue(), Bench.token(http, gateway, PORTAL), feedId, busiest, at));
                    System.out.printf("boards, %s: %d s at %d requests/s ...%n", target.getKey(), seconds, rate);
                    GatewayBenchmark.Run run = GatewayBenchmark.fixedRate("departure board", target.getKey(), connections,
                            rate, seconds, boards(target.getValue(), Bench.token(http, gateway, PORTAL), feedId, busiest, at));
                    System.out.println("  " + GatewayBenchmark.row(run));
                    runs.add(run);
                }
            }
            String sample = send(http, get(gateway + "/api/mobility/feeds/" + feedId + "/stops/"
                    + URLEncoder.encode(busiest.getFirst(), StandardCharsets.UTF_8).replace("+", "%20")
                    + "/departures?window=PT1H&at=" + at, token), 200);
            lines.add(String.format("a board of the busiest stop has %d departures in the hour (%,d bytes)",
                    count(sample, "\"tripId\""), sample.length()));
        }
        Bench.publish(root, "mobility-results.txt", report(lines, runs, seconds, connections));
        System.exit(0);
    }

    /** The baseline: the same stop times inserted row by row (batched JDBC INSERTs) into a table like the import's. */
    static String rowByRowBaseline(Connection db, Path zip) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_stop_time_rows");
            s.execute("CREATE TABLE bench_stop_time_rows (trip_id TEXT NOT NULL, stop_sequence INT NOT NULL, "
                    + "stop_id TEXT NOT NULL, arrival INT NOT NULL, departure INT NOT NULL, UNIQUE (trip_id, stop_sequence))");
            s.execute("CREATE INDEX ON bench_stop_time_rows (stop_id, departure)");
        }
        long rows = 0;
        long started = System.nanoTime();
        db.setAutoCommit(false);
        try (ZipFile z = new ZipFile(zip.toFile());
             BufferedReader in = new BufferedReader(new InputStreamReader(z.getInputStream(z.getEntry("stop_times.txt")),
                     StandardCharsets.UTF_8));
             PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO bench_stop_time_rows (trip_id, stop_sequence, stop_id, arrival, departure) VALUES (?, ?, ?, ?, ?)")) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                List<String> f = csv(line);
                insert.setString(1, f.get(0));
                insert.setInt(2, Integer.parseInt(f.get(4)));
                insert.setString(3, f.get(3));
                insert.setInt(4, seconds(f.get(1)));
                insert.setInt(5, seconds(f.get(2)));
                insert.addBatch();
                if (++rows % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
        double took = (System.nanoTime() - started) / 1e9;
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE bench_stop_time_rows");
        }
        return String.format("baseline, stop_times.txt alone row by row (batched JDBC INSERTs of 1,000, indexes "
                + "maintained, one transaction): %,d rows in %.1f s", rows, took);
    }

    private static int seconds(String t) {
        String[] p = t.split(":");
        return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Integer.parseInt(p[2]);
    }

    /** A CSV line's fields (the generator quotes ids with commas or quotes). */
    private static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    static IntFunction<HttpRequest> boards(String base, String token, String feedId, List<String> stops, String at) {
        List<URI> uris = stops.stream().map(s -> URI.create(base + "/api/mobility/feeds/" + feedId + "/stops/"
                + URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20") + "/departures?window=PT1H&at=" + at))
                .toList();
        return i -> HttpRequest.newBuilder(uris.get(i % uris.size())).header("Authorization", "Bearer " + token).GET()
                .build();
    }

    private static HttpRequest post(String url, String token, String type, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", type).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build();
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static String id(String json) {
        return field(json, "id");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static String report(List<String> lines, List<GatewayBenchmark.Run> runs, int seconds, int connections) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("RegioHub mobility at regional scale, %s, %d cores, Java %s%n", LocalDateTime.now().withNano(0),
                Runtime.getRuntime().availableProcessors(), Runtime.version()));
        lines.forEach(l -> sb.append(l).append(System.lineSeparator()));
        sb.append(String.format("%ndeparture boards of the 100 busiest stops (window 1 h), %d s per measurement at a fixed "
                + "offered rate, latency from the instant each request was due, at most %d in flight%n", seconds, connections));
        sb.append(String.format("%-18s %-22s %7s %9s %8s %8s %8s %8s%n", "what", "target", "rate", "ok/s", "failed",
                "p50 ms", "p99 ms", "p99.9 ms"));
        for (GatewayBenchmark.Run r : runs) {
            sb.append(String.format("%-18s %-22s %7s %9.0f %8d %8.2f %8.2f %8.2f%n", r.endpoint(), r.target(),
                    r.rate() + "/s", r.throughput(), r.failed(), r.latencies().percentileMillis(50),
                    r.latencies().percentileMillis(99), r.latencies().percentileMillis(99.9)));
        }
        runs.stream().filter(r -> r.target().startsWith("through")).forEach(r -> sb.append(String.format(
                "%ndeparture boards through the gateway at %d/s: p99 %.2f ms (target < 10 ms), %.0f answered/s, %d failed%n",
                r.rate(), r.latencies().percentileMillis(99), r.throughput(), r.failed())));
        return sb.toString();
    }
}
