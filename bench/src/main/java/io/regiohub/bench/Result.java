package io.regiohub.bench;

/** One row of the report. */
record Result(String path, int offeredPerSecond, int seconds, int sent, int completed, int errors,
              double achievedPerSecond, Latencies latencies) {

    static String header() {
        return String.format("%-34s %9s %10s %9s %8s %8s %9s %8s %7s",
                "path", "offered/s", "achieved/s", "completed", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
    }

    String row() {
        return String.format("%-34s %9d %10.1f %9d %8.1f %8.1f %9.1f %8.1f %7d",
                path, offeredPerSecond, achievedPerSecond, completed, latencies.percentileMillis(50),
                latencies.percentileMillis(99), latencies.percentileMillis(99.9), latencies.maxMillis(), errors);
    }
}
