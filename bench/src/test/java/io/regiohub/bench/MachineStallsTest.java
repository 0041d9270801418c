package io.regiohub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which moments the probe of the machine calls stalls, and which requests they leave out. */
class MachineStallsTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** 100 passes every 20 ms, each needing 0.5 ms of CPU, except the ones given (pass index, CPU in ms). */
    private static MachineStalls.Windows probe(double... slowPasses) {
        int n = 100;
        long[] start = new long[n];
        long[] end = new long[n];
        long[] cpu = new long[n];
        for (int i = 0; i < n; i++) {
            start[i] = i * 20 * MS;
            cpu[i] = MS / 2;
        }
        for (int k = 0; k < slowPasses.length; k += 2) {
            cpu[(int) slowPasses[k]] = (long) (slowPasses[k + 1] * MS);
        }
        Arrays.setAll(end, i -> start[i] + cpu[i]);
        return MachineStalls.windows(20 * MS, start, end, cpu, n, 100 * MS);
    }

    @Test
    void aSteadyMachineHasNoStalls() {
        MachineStalls.Windows windows = probe(10, 1.4); // under three times the median: the hub's own cache misses
        assertThat(windows.fromNanos()).isEmpty();
        assertThat(windows.excludes(200 * MS)).isFalse();
        assertThat(windows.share(0, 2000 * MS)).isZero();
    }

    @Test
    void aSlowPassLeavesOutTheIntervalBeforeItAndTheDrainAfterIt() {
        MachineStalls.Windows windows = probe(50, 2.0); // pass 50 starts at 1,000 ms and needs 2 ms
        assertThat(windows.fromNanos()).containsExactly(980 * MS);
        assertThat(windows.toNanos()).containsExactly(1102 * MS);
        assertThat(windows.excludes(979 * MS)).isFalse();
        assertThat(windows.excludes(980 * MS)).isTrue();
        assertThat(windows.excludes(1050 * MS)).isTrue();
        assertThat(windows.excludes(1103 * MS)).isFalse();
        assertThat(windows.share(0, 2000 * MS)).isEqualTo(122 / 2000.0);
        assertThat(windows.worst()).isEqualTo(4.0);
    }

    @Test
    void overlappingStallsMergeAndSeparateOnesStayApart() {
        MachineStalls.Windows windows = probe(20, 3.0, 21, 2.5, 80, 4.0);
        assertThat(windows.fromNanos()).containsExactly(380 * MS, 1580 * MS);
        assertThat(windows.toNanos()).containsExactly(522500 * MS / 1000, 1704 * MS);
        assertThat(windows.slow()).isEqualTo(3);
        assertThat(windows.excludes(1000 * MS)).isFalse();
        assertThat(windows.excludes(1600 * MS)).isTrue();
        assertThat(windows.medianSpacingSeconds()).isEqualTo(1.2);
    }

    @Test
    void theProbeRunsBesideTheLoadAndStopsWhenClosed() throws Exception {
        MachineStalls probe = MachineStalls.start(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.windows(0).passes() >= 10);
        probe.close();
        int passes = probe.windows(0).passes();
        assertThat(passes).isGreaterThanOrEqualTo(10);
        assertThat(probe.windows(0).passes()).isEqualTo(passes);
        assertThat(probe.windows(0).medianCpuNanos()).isPositive();
    }
}
