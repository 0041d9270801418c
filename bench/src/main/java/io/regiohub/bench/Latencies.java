package io.regiohub.bench;

import java.util.Arrays;

/** Exact percentiles of a run's latencies (every sample kept: runs are tens of thousands of samples). */
record Latencies(long[] micros) {

    static Latencies of(long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    double percentileMillis(double p) {
        if (micros.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * micros.length) - 1;
        return micros[Math.max(0, Math.min(micros.length - 1, index))] / 1000.0;
    }

    double maxMillis() {
        return micros.length == 0 ? Double.NaN : micros[micros.length - 1] / 1000.0;
    }

    int count() {
        return micros.length;
    }
}
