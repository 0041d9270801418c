package io.regiohub.bench;

import io.regiohub.local.LocalHub;
import io.regiohub.local.LocalHubConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What security costs at the gateway: the same database-backed endpoints (funding-service's
 * opportunities of a municipality, about twenty rows, and participation-service's hundred newest
 * proposals; the programme office's token) called directly at the service, through a stock Spring
 * Cloud Gateway with no filters, and through the hub's gateway with everything on (token validation
 * with its cache, rate limiting, circuit breaker and time limiter, retry, size limit, CORS, headers,
 * correlation id), in one run.
 *
 * <p>Two measurements per endpoint. <b>Throughput</b>: closed loop with a fixed number of
 * connections, each sending its next request when the last one answered; a first round warms every
 * JIT up and is not counted, then the targets are measured in turns, so drift of the machine falls on
 * all three alike; only 200 answers count; the CPU time the proxy process spent per request is read
 * from the operating system. <b>Latency</b>: an open loop at a fixed offered rate below every
 * target's capacity (same rate for all three, at most as many requests in flight as connections),
 * each latency taken from the moment the request was due, not when it could be sent, so a stalled
 * target is not flattered (no coordinated omission). At saturation a closed loop's latency is only
 * the queue in front of the slowest part (connections / throughput); the latency a hop adds shows
 * at a rate the machine can carry.
 */
public final class GatewayBenchmark {

    static final String FRANKFURT = "06412000";
    /** Light: about twenty opportunity rows of funding-service. */
    static final String OPPORTUNITIES = "/api/funding/municipalities/" + FRANKFURT + "/opportunities";
    /** Heavier: a hundred proposals of participation-service. */
    static final String PROPOSALS = "/api/participation/municipalities/" + FRANKFURT + "/proposals?limit=100";

    private GatewayBenchmark() {
    }

    /**
     * One measured phase; {@code rate} 0 for the closed loop. CPU per request, in µs, NaN where not measured:
     * {@code proxyCpuMicros} of the gateway (none for the direct target), {@code serviceCpuMicros} of the
     * service behind it, {@code machineCpuMicros} of the whole machine (every process and the kernel);
     * {@code stealPercent}: the share of the machine's CPU time the hypervisor gave to other guests during the
     * phase (a virtual machine's "steal"), which slows every target of that phase and is no one's work here.
     * Fixed-rate phases only: {@code calm}, the latencies of the requests that were not due in or just after
     * a moment the machine itself computed slower ({@link MachineStalls}), and {@code stalledPercent}, the
     * share of the phase those moments covered; null and NaN for the closed loop.
     */
    record Run(String endpoint, String target, int round, int rate, long ok, long failed, double seconds,
               Latencies latencies, double proxyCpuMicros, double serviceCpuMicros, double machineCpuMicros,
               double stealPercent, Latencies calm, double stalledPercent) {
        double throughput() {
            return ok / seconds;
        }

        Run withCpu(double proxy, double service, double machine, double steal) {
            return new Run(endpoint, target, round, rate, ok, failed, seconds, latencies, proxy, service, machine,
                    steal, calm, stalledPercent);
        }

        /** The same figures, marked as measured with the three targets in turn. */
        Run interleaved() {
            return new Run(endpoint, target + IN_TURN, round, rate, ok, failed, seconds, latencies, proxyCpuMicros,
                    serviceCpuMicros, machineCpuMicros, stealPercent, calm, stalledPercent);
        }

        /** p99 of the requests the machine did not stall, NaN for the closed loop. */
        double calmP99() {
            return calm == null ? Double.NaN : calm.percentileMillis(99);
        }
    }

    static final String IN_TURN = ", in turn";
    /** How often {@link MachineStalls} probes the machine during a fixed-rate phase. */
    static final long STALL_PROBE_MILLIS = 20;
    /** How long after a stall the requests that queued during it are still counted as stalled. */
    static final long STALL_DRAIN_MILLIS = 100;

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        Path root = Bench.root(opts);
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "32"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        int latencyRate = Integer.parseInt(opts.getOrDefault("latency-rate", "300"));
        String only = opts.getOrDefault("only", "");

        // the machine on its own first: whether it stalls with nothing of the hub running (item 22)
        String machineAlone = machineAlone(Integer.parseInt(opts.getOrDefault("machine-seconds", "20")));
        LocalHubConfig config = Bench.freshHub(root, "hub-data-gateway", "and a stock gateway");
        List<Run> runs = new ArrayList<>();
        Process stock = null;
        try (LocalHub hub = LocalHub.start(config, Duration.ofMinutes(5))) {
            HttpClient setup = HttpClient.newHttpClient();
            String secured = config.url("gateway");
            String direct = config.url("funding-service");
            int stockPort = freePort();
            stock = startStockGateway(direct, config.url("participation-service"), stockPort, root);
            String stockUrl = "http://localhost:" + stockPort;
            seed(setup, secured);
            awaitReady(setup, stockUrl + "/api/funding/programs", Duration.ofMinutes(2));

            Map<String, String> endpoints = new java.util.LinkedHashMap<>();
            endpoints.put(OPPORTUNITIES, config.url("funding-service"));
            endpoints.put(PROPOSALS, config.url("participation-service"));
            Map<String, ProcessHandle> services = Map.of(OPPORTUNITIES, hub.process("funding-service").toHandle(),
                    PROPOSALS, hub.process("participation-service").toHandle());
            endpoints.keySet().removeIf(path -> !path.contains(only));
            Map<String, ProcessHandle> proxies = Map.of(STOCK, stock.toHandle(), SECURED,
                    hub.process("gateway").toHandle());
            for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                Map<String, String> targets = new java.util.LinkedHashMap<>();
                targets.put(DIRECT, endpoint.getValue());
                targets.put(STOCK, stockUrl);
                targets.put(SECURED, secured);
                // round 0 only warms the JIT of every process up; rounds 1.. are measured
                for (int round = 0; round <= rounds; round++) {
                    for (Map.Entry<String, String> target : targets.entrySet()) {
                        // a fresh token for every phase: tokens live five minutes
                        String token = Bench.token(setup, secured, "demo-program-office");
                        int phase = round == 0 ? warmup : seconds;
                        System.out.printf("%s, round %d, %s: %d s at %d connections ...%n", endpoint.getKey(), round,
                                target.getKey(), phase, connections);
                        ProcessHandle proxy = proxies.get(target.getKey());
                        ProcessHandle service = services.get(endpoint.getKey());
                        Duration proxyBefore = cpu(proxy);
                        Duration serviceBefore = cpu(service);
                        MachineCpu machineBefore = MachineCpu.now();
                        Run run = closedLoop(endpoint.getKey(), target.getKey(), round, target.getValue(), token,
                                connections, phase);
                        MachineCpu machine = MachineCpu.now().minus(machineBefore);
                        run = run.withCpu(proxy == null ? Double.NaN : perRequest(cpu(proxy).minus(proxyBefore), run),
                                perRequest(cpu(service).minus(serviceBefore), run),
                                perRequest(machine.busy(), run), machine.stealPercent());
                        System.out.println("  " + row(run));
                        if (round > 0) {
                            runs.add(run);
                        }
                    }
                }
                for (Map.Entry<String, String> target : targets.entrySet()) {
                    String token = Bench.token(setup, secured, "demo-program-office");
                    System.out.printf("%s, %s: %d s at %d requests/s ...%n", endpoint.getKey(), target.getKey(),
                            seconds, latencyRate);
                    Run run = fixedRate(endpoint.getKey(), target.getKey(), target.getValue(), token, connections,
                            latencyRate, seconds);
                    System.out.println("  " + row(run));
                    runs.add(run);
                }
                // the same total rate, the three targets in turn request by request (a third of it each)
                String token = Bench.token(setup, secured, "demo-program-office");
                List<String> names = List.copyOf(targets.keySet());
                List<HttpRequest> requests = targets.values().stream()
                        .map(url -> Bench.get(url + endpoint.getKey(), token)).toList();
                System.out.printf("%s, all three in turn: %d s at %d requests/s each ...%n", endpoint.getKey(),
                        seconds, latencyRate / names.size());
                for (Run run : fixedRate(endpoint.getKey(), names, connections, latencyRate, seconds,
                        i -> requests.get(i % requests.size()))) {
                    Run interleaved = run.interleaved();
                    System.out.println("  " + row(interleaved));
                    runs.add(interleaved);
                }
            }
        } finally {
            if (stock != null) {
                stock.destroy();
                stock.waitFor(30, TimeUnit.SECONDS);
            }
        }
        Bench.publish(root, "gateway-results.txt", report(runs, seconds, warmup, connections, machineAlone));
        System.exit(0);
    }

    /**
     * {@link MachineStalls} for {@code seconds} before anything of the hub runs: a machine that stalls on its
     * own (the project's build machine does, every ~1.5 s) sets the tail of every target, and on another
     * runner this line says at once whether it does too. Empty for 0 seconds.
     */
    static String machineAlone(int seconds) throws InterruptedException {
        if (seconds <= 0) {
            return "";
        }
        System.out.printf("the machine on its own, before the hub starts: %d s ...%n", seconds);
        MachineStalls.Windows windows;
        long start = System.nanoTime();
        try (MachineStalls probe = MachineStalls.start(STALL_PROBE_MILLIS)) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // a benchmark's measuring time, not a test's wait
            windows = probe.windows(0);
        }
        String line = "the machine on its own, before the hub started, " + seconds + " s: "
                + windows.describe(start, System.nanoTime());
        System.out.println("  " + line);
        return line;
    }

    /** Frankfurt's portal submits a few proposals so the opportunities endpoint answers real rows. */
    static void seed(HttpClient http, String gateway) throws Exception {
        String token = Bench.token(http, gateway, "demo-" + FRANKFURT);
        String[] topics = {"wlan", "mobility", "broadband", "climate", "digital-administration"};
        for (int i = 0; i < 10; i++) {
            String body = "{\"title\":\"Vorschlag " + i + " für Frankfurt\",\"description\":\"Benchmark-Daten\","
                    + "\"topics\":[\"" + topics[i % topics.length] + "\"],\"citizen\":\"bench-" + i + "\"}";
            submit(http, gateway, token, body);
        }
        for (int i = 0; i < 90; i++) {
            String body = "{\"title\":\"Kulturvorschlag " + i + "\",\"description\":\"Ein Vorschlag der "
                    + "Frankfurter Bürgerinnen und Bürger für das Kulturleben im Stadtteil, Nummer " + i + "\","
                    + "\"topics\":[\"culture\"],\"citizen\":\"bench-c" + i + "\"}";
            submit(http, gateway, token, body);
        }
        String office = Bench.token(http, gateway, "demo-program-office");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + OPPORTUNITIES))
                    .header("Authorization", "Bearer " + office).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().split("\"programmeId\"").length > 10) {
                System.out.printf("seeded: %d bytes of opportunities per answer%n", r.body().length());
                return;
            }
            Thread.sleep(200); // waiting for the event path to deliver; this is a benchmark, not a test
        }
        throw new IllegalStateException("funding-service stored no opportunities for the seeded proposals");
    }

    /** Frankfurt's portal submits one proposal. */
    private static void submit(HttpClient http, String gateway, String token, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway
                        + "/api/participation/municipalities/" + FRANKFURT + "/proposals"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("seeding failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** {@code connections} connections, each sending its next request when the last one answered ({@link Load}). */
    static Run closedLoop(String endpoint, String target, int round, String baseUrl, String token, int connections,
                          int seconds)
            throws Exception {
        HttpRequest request = Bench.get(baseUrl + endpoint, token);
        Load.Outcome outcome = Load.closedLoop(connections, seconds, i -> request);
        Load.Tally tally = outcome.tallies().getFirst();
        if (!tally.statuses.isEmpty()) {
            System.out.println("  non-200 answers by status: " + tally.statuses);
        }
        return new Run(endpoint, target, round, 0, tally.answered, tally.failed, outcome.seconds(),
                Latencies.of(tally.latencies()), Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, Double.NaN);
    }

    /**
     * {@code rate} requests per second, each due at its own instant whether or not the last one
     * answered, at most {@code connections} in flight; latency counts from the due instant.
     */
    static Run fixedRate(String endpoint, String target, String baseUrl, String token, int connections, int rate,
                         int seconds) throws Exception {
        HttpRequest request = Bench.get(baseUrl + endpoint, token);
        return fixedRate(endpoint, target, connections, rate, seconds, i -> request);
    }

    /**
     * An open loop at a fixed offered rate: request {@code i} is due at {@code start + i / rate} and its
     * latency counts from then, however long it waited for one of the {@code connections}; 200 answers
     * count as answered, every other status and every I/O failure as failed.
     */
    static Run fixedRate(String endpoint, String target, int connections, int rate, int seconds,
                         java.util.function.IntFunction<HttpRequest> requests) throws Exception {
        return fixedRate(endpoint, List.of(target), connections, rate, seconds, requests).getFirst();
    }

    /**
     * One open loop at {@code rate} requests per second in all; request {@code i} belongs to target
     * {@code i % targets.size()}, so with several targets each gets {@code rate / targets.size()} and
     * all of them meet the machine in the same moments (drift between phases cannot favour one). At
     * most {@code connections} requests in flight per target. One {@link Run} per target.
     */
    static List<Run> fixedRate(String endpoint, List<String> targets, int connections, int rate, int seconds,
                               java.util.function.IntFunction<HttpRequest> requests) throws Exception {
        int n = targets.size();
        MachineCpu before = MachineCpu.now();
        Load.Outcome outcome;
        MachineStalls.Windows stalls;
        try (MachineStalls probe = MachineStalls.start(STALL_PROBE_MILLIS)) {
            outcome = Load.openLoop(n, connections, rate, seconds, requests);
            stalls = probe.windows(STALL_DRAIN_MILLIS);
        }
        double steal = MachineCpu.now().minus(before).stealPercent();
        long start = outcome.startNanos();
        long end = start + (long) (outcome.seconds() * 1e9);
        double stalledPercent = 100 * stalls.share(start, end);
        System.out.println("  the machine: " + stalls.describe(start, end));
        List<Run> runs = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Load.Tally tally = outcome.tallies().get(t);
            if (!tally.statuses.isEmpty()) {
                System.out.println("  non-200 answers of " + targets.get(t) + " by status: " + tally.statuses);
            }
            if (System.getenv("BENCH_TIMELINE") != null) { // a diagnostic: where the slow answers were
                System.out.println("  slow answers of " + targets.get(t) + " (due at: worst): " + tally.timeline(250, 20));
            }
            Latencies calm = Latencies.of(tally.latencies(dueMicros -> !stalls.excludes(start + dueMicros * 1000)));
            runs.add(new Run(endpoint, targets.get(t), 0, rate / n, tally.answered, tally.failed, outcome.seconds(),
                    Latencies.of(tally.latencies()), Double.NaN, Double.NaN, Double.NaN, steal, calm, stalledPercent));
        }
        return runs;
    }

    /** CPU time the process has used so far (zero for none). */
    static Duration cpu(ProcessHandle process) {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    static double perRequest(Duration used, Run run) {
        long requests = run.ok() + run.failed();
        return requests == 0 ? Double.NaN : used.toNanos() / 1000.0 / requests;
    }

    /**
     * The machine's CPU time so far, from /proc/stat's first line (clock ticks of 10 ms): {@code busy} is
     * user, nice, system, irq and softirq, so the kernel's share of a proxied request (loopback TCP above
     * all), which belongs to no process, counts; {@code steal} is time the hypervisor ran other guests
     * while this one wanted the CPU, not work of this machine, so it is kept apart (until 2026-11-27 it
     * was counted as busy); {@code total} is every field. Zeros where there is no /proc/stat.
     */
    record MachineCpu(Duration busy, Duration steal, Duration total) {

        static MachineCpu now() {
            try {
                String[] ticks = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long busy = 0;
                long steal = 0;
                long total = 0;
                for (int i = 1; i < ticks.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                    long value = Long.parseLong(ticks[i]);
                    total += value;
                    if (i == 8) {
                        steal = value;
                    } else if (i != 4 && i != 5) {
                        busy += value;
                    }
                }
                return new MachineCpu(Duration.ofMillis(busy * 10), Duration.ofMillis(steal * 10),
                        Duration.ofMillis(total * 10));
            } catch (IOException | RuntimeException e) {
                return new MachineCpu(Duration.ZERO, Duration.ZERO, Duration.ZERO);
            }
        }

        MachineCpu minus(MachineCpu before) {
            return new MachineCpu(busy.minus(before.busy), steal.minus(before.steal), total.minus(before.total));
        }

        double stealPercent() {
            return total.isZero() ? Double.NaN : 100.0 * steal.toNanos() / total.toNanos();
        }
    }

    static final String DIRECT = "direct (service)";
    static final String STOCK = "stock gateway";
    static final String SECURED = "secured gateway";

    static String row(Run r) {
        return String.format("%-26s %5s %10.0f %8d %8.2f %8.2f %8.2f %10s %10s %10s %6s %9s", r.target(),
                r.rate() > 0 ? r.rate() + "/s" : String.valueOf(r.round()), r.throughput(), r.failed(),
                r.latencies().percentileMillis(50), r.latencies().percentileMillis(99),
                r.latencies().percentileMillis(99.9), micros(r.proxyCpuMicros()), micros(r.serviceCpuMicros()),
                micros(r.machineCpuMicros()),
                Double.isNaN(r.stealPercent()) ? "-" : String.format("%.1f", r.stealPercent()),
                Double.isNaN(r.calmP99()) ? "-" : String.format("%.2f", r.calmP99()));
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.0f", value);
    }

    static String report(List<Run> runs, int seconds, int warmup, int connections, String machineAlone) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("RegioHub gateway security cost, %s, %d cores, Java %s, %d connections, "
                        + "%d s per target and round after a %d s warm-up round%n", LocalDateTime.now().withNano(0),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), connections, seconds, warmup));
        if (!machineAlone.isEmpty()) {
            sb.append(machineAlone).append('\n');
        }
        for (String endpoint : runs.stream().map(Run::endpoint).distinct().toList()) {
            List<Run> closed = runs.stream().filter(r -> r.endpoint().equals(endpoint) && r.rate() == 0).toList();
            List<Run> open = runs.stream().filter(r -> r.endpoint().equals(endpoint) && r.rate() > 0).toList();
            sb.append(String.format("%nGET %s%n", endpoint));
            sb.append(String.format("%-26s %5s %10s %8s %8s %8s %8s %10s %10s %10s %6s %9s%n", "target", "round",
                    "ok/s", "failed", "p50 ms", "p99 ms", "p99.9 ms", "proxy CPU", "service", "machine", "steal",
                    "calm p99"));
            sb.append(String.format("%-26s %5s %10s %8s %8s %8s %8s %10s %10s %10s %6s %9s%n", "", "/rate", "", "", "",
                    "", "", "µs/req", "µs/req", "µs/req", "%", "ms"));
            for (Run r : closed) {
                sb.append(row(r)).append('\n');
            }
            for (Run r : open) {
                sb.append(row(r)).append('\n');
            }
            double direct = mean(closed, DIRECT, Run::throughput);
            double stock = mean(closed, STOCK, Run::throughput);
            double secured = mean(closed, SECURED, Run::throughput);
            sb.append(String.format("secured / stock throughput:  %5.1f %%  (target >= 90 %%)%n", 100 * secured / stock));
            sb.append(String.format("secured / direct throughput: %5.1f %%  (target >= 70 %%)%n", 100 * secured / direct));
            sb.append(String.format("stock / direct throughput:   %5.1f %%%n", 100 * stock / direct));
            sb.append(String.format("proxy CPU per request, secured / stock: %5.2f%n",
                    mean(closed, SECURED, Run::proxyCpuMicros) / mean(closed, STOCK, Run::proxyCpuMicros)));
            sb.append(String.format("service CPU per request behind the secured / stock gateway, of direct: %5.2f / %5.2f%n",
                    mean(closed, SECURED, Run::serviceCpuMicros) / mean(closed, DIRECT, Run::serviceCpuMicros),
                    mean(closed, STOCK, Run::serviceCpuMicros) / mean(closed, DIRECT, Run::serviceCpuMicros)));
            sb.append(String.format("machine CPU per answer, secured / stock / direct: %.0f / %.0f / %.0f µs "
                            + "(70 %% of direct's throughput allows %.0f µs)%n",
                    mean(closed, SECURED, Run::machineCpuMicros), mean(closed, STOCK, Run::machineCpuMicros),
                    mean(closed, DIRECT, Run::machineCpuMicros), mean(closed, DIRECT, Run::machineCpuMicros) / 0.7));
            DoubleSummaryStatistics steal = runs.stream().filter(r -> r.endpoint().equals(endpoint))
                    .mapToDouble(Run::stealPercent).filter(v -> !Double.isNaN(v)).summaryStatistics();
            if (steal.getCount() > 0) {
                sb.append(String.format("CPU time taken by the hypervisor for other guests (steal) per phase: %.1f to %.1f %%%n",
                        steal.getMin(), steal.getMax()));
            }
            if (!open.isEmpty()) {
                sb.append(String.format("secured p99 - direct p99 at %d/s: %+6.2f ms (target <= +3 ms)%n",
                        open.getFirst().rate(), mean(open, SECURED, r -> r.latencies().percentileMillis(99))
                                - mean(open, DIRECT, r -> r.latencies().percentileMillis(99))));
                sb.append(String.format("stock p99 - direct p99 at %d/s:   %+6.2f ms%n",
                        open.getFirst().rate(), mean(open, STOCK, r -> r.latencies().percentileMillis(99))
                                - mean(open, DIRECT, r -> r.latencies().percentileMillis(99))));
                sb.append(String.format("  the same, requests due outside the machine's own stalls: secured %+6.2f ms, "
                                + "stock %+6.2f ms%n", mean(open, SECURED, Run::calmP99) - mean(open, DIRECT, Run::calmP99),
                        mean(open, STOCK, Run::calmP99) - mean(open, DIRECT, Run::calmP99)));
                List<Run> inTurn = open.stream().filter(r -> r.target().endsWith(IN_TURN)).toList();
                if (!inTurn.isEmpty()) {
                    sb.append(String.format("in turn at %d/s each: secured p99 - direct p99 %+6.2f ms (target <= +3 ms), "
                                    + "stock p99 - direct p99 %+6.2f ms%n", inTurn.getFirst().rate(),
                            mean(inTurn, SECURED + IN_TURN, r -> r.latencies().percentileMillis(99))
                                    - mean(inTurn, DIRECT + IN_TURN, r -> r.latencies().percentileMillis(99)),
                            mean(inTurn, STOCK + IN_TURN, r -> r.latencies().percentileMillis(99))
                                    - mean(inTurn, DIRECT + IN_TURN, r -> r.latencies().percentileMillis(99))));
                    sb.append(String.format("  the same, requests due outside the machine's own stalls (%.1f %% of the "
                                    + "phase left out): secured %+6.2f ms, stock %+6.2f ms%n",
                            mean(inTurn, DIRECT + IN_TURN, Run::stalledPercent),
                            mean(inTurn, SECURED + IN_TURN, Run::calmP99) - mean(inTurn, DIRECT + IN_TURN, Run::calmP99),
                            mean(inTurn, STOCK + IN_TURN, Run::calmP99) - mean(inTurn, DIRECT + IN_TURN, Run::calmP99)));
                }
            }
            sb.append(String.format("secured p99 - direct p99 in the closed loop (queueing at saturation): %+6.2f ms%n",
                    mean(closed, SECURED, r -> r.latencies().percentileMillis(99))
                            - mean(closed, DIRECT, r -> r.latencies().percentileMillis(99))));
        }
        return sb.toString();
    }

    static double mean(List<Run> runs, String target, java.util.function.ToDoubleFunction<Run> value) {
        return runs.stream().filter(r -> r.target().equals(target)).mapToDouble(value).average().orElse(Double.NaN);
    }

    static Process startStockGateway(String fundingUrl, String participationUrl, int port, Path root)
            throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = root.resolve("bench/target/stock-gateway.log");
        Files.createDirectories(log.getParent());
        // the benchmark's own logging (slf4j-simple) would fight Spring Boot's Logback in the gateway
        String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        // the same JVM settings hub-local gives the hub's gateway
        return new ProcessBuilder(javaBin, "-Xms128m", "-Xmx768m", "-XX:+UseSerialGC", "-cp", classpath,
                StockGateway.class.getName(), "--server.port=" + port, "--stock.funding=" + fundingUrl,
                "--stock.participation=" + participationUrl)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitReady(HttpClient http, String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not answer within " + timeout);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
