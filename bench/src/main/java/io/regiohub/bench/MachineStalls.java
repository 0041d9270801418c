package io.regiohub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A probe of the machine itself, run beside a latency phase: every {@code every} it reads a fixed
 * 4 MB array (one long per cache line) and takes the CPU time that pass needed. The work is always
 * the same and CPU time leaves out waiting for a CPU, so a pass that needs several times the median
 * means the machine computed slower in that moment: on the project's build machine, a virtual machine,
 * the same loop with nothing else running needs 2–7 times its usual time for tens of milliseconds
 * every 1.5 s or so (docs/performance.md, "Gateway", item 22). Every process here meets those moments
 * at once; a request that is in flight during one takes several times longer, and one behind a proxy
 * meets it in two processes.
 *
 * <p>The probe costs about half a millisecond of CPU per pass (2–3 % of one core at the default 20 ms).
 * Its passes are marked slow above three times the phase's median (under load the hub's own work also
 * evicts the probe's array from the core's cache now and then, which costs up to about twice);
 * {@link Windows#excludes} then tells which requests were due near one, so a report can give the tail
 * of the requests the machine did not stall beside the tail of all of them. That second tail is a
 * diagnostic beside the first, never instead of it.
 */
final class MachineStalls implements AutoCloseable {

    private static final int ARRAY_BYTES = 4 << 20;
    /** A pass this many times the median is a stall: on an idle machine the host's stalls make 2–7 times. */
    private static final int SLOWER = 3;
    private static final int LONGS_PER_LINE = 8;

    private final long everyNanos;
    private final Thread thread;
    private final long[] data = new long[ARRAY_BYTES / Long.BYTES];
    private long[] startNanos = new long[1024];
    private long[] endNanos = new long[1024];
    private long[] cpuNanos = new long[1024];
    private int passes;
    private volatile boolean running = true;
    private volatile long sink;

    private MachineStalls(long everyNanos) {
        this.everyNanos = everyNanos;
        Arrays.setAll(data, i -> i);
        this.thread = Thread.ofPlatform().daemon().name("machine-stalls").unstarted(this::probe);
    }

    /** Starts probing every {@code everyMillis} until {@link #close()}. */
    static MachineStalls start(long everyMillis) {
        MachineStalls stalls = new MachineStalls(TimeUnit.MILLISECONDS.toNanos(everyMillis));
        stalls.thread.start();
        return stalls;
    }

    private void probe() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long next = System.nanoTime();
        long sum = 0;
        while (running) {
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < data.length; i += LONGS_PER_LINE) {
                sum += data[i];
            }
            long end = System.nanoTime();
            record(start, end, threads.getCurrentThreadCpuTime() - cpu);
            sink = sum; // each pass's reads are used, however the loop ends
            next += everyNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    private synchronized void record(long start, long end, long cpu) {
        if (passes == cpuNanos.length) {
            startNanos = Arrays.copyOf(startNanos, passes * 2);
            endNanos = Arrays.copyOf(endNanos, passes * 2);
            cpuNanos = Arrays.copyOf(cpuNanos, passes * 2);
        }
        startNanos[passes] = start;
        endNanos[passes] = end;
        cpuNanos[passes++] = cpu;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }

    /**
     * The moments the machine computed slower: runs of consecutive passes that took more than three times
     * the median CPU time, each widened by one probe interval before (the stall began somewhere after the last
     * normal pass) and by {@code drainMillis} after (requests that queued during it still wait).
     */
    synchronized Windows windows(long drainMillis) {
        return windows(everyNanos, startNanos, endNanos, cpuNanos, passes, TimeUnit.MILLISECONDS.toNanos(drainMillis));
    }

    /** {@link #windows(long)} of {@code passes} probe passes, in time order. */
    static Windows windows(long everyNanos, long[] startNanos, long[] endNanos, long[] cpuNanos, int passes,
                           long drainNanos) {
        if (passes < 10) { // too few for a median to mean anything
            return new Windows(new long[0], new long[0], 0, 0, passes, 0);
        }
        long[] sorted = Arrays.copyOf(cpuNanos, passes);
        Arrays.sort(sorted);
        long median = sorted[passes / 2];
        List<long[]> windows = new ArrayList<>();
        int slow = 0;
        double worst = 0;
        for (int i = 0; i < passes; i++) {
            if (cpuNanos[i] <= SLOWER * median) {
                continue;
            }
            slow++;
            worst = Math.max(worst, cpuNanos[i] / (double) median);
            long from = startNanos[i] - everyNanos;
            long to = endNanos[i] + drainNanos;
            if (!windows.isEmpty() && from <= windows.getLast()[1]) {
                windows.getLast()[1] = Math.max(windows.getLast()[1], to);
            } else {
                windows.add(new long[] {from, to});
            }
        }
        long[] from = windows.stream().mapToLong(w -> w[0]).toArray();
        long[] to = windows.stream().mapToLong(w -> w[1]).toArray();
        return new Windows(from, to, median, worst, passes, slow);
    }

    /**
     * Stall windows in {@link System#nanoTime()} time; {@code medianCpuNanos} of a pass, the {@code worst}
     * pass as a multiple of it, how many passes there were and how many were slow.
     */
    record Windows(long[] fromNanos, long[] toNanos, long medianCpuNanos, double worst, int passes, int slow) {

        /** Whether an instant falls into a stall window. */
        boolean excludes(long nanos) {
            int i = Arrays.binarySearch(fromNanos, nanos);
            int candidate = i >= 0 ? i : -i - 2;
            return candidate >= 0 && nanos <= toNanos[candidate];
        }

        /** The share of {@code [startNanos, endNanos]} inside stall windows. */
        double share(long startNanos, long endNanos) {
            long covered = 0;
            for (int i = 0; i < fromNanos.length; i++) {
                covered += Math.max(0, Math.min(toNanos[i], endNanos) - Math.max(fromNanos[i], startNanos));
            }
            return endNanos <= startNanos ? 0 : covered / (double) (endNanos - startNanos);
        }

        /** The median time between the starts of two stalls, NaN for fewer than two (the host's rhythm shows here). */
        double medianSpacingSeconds() {
            if (fromNanos.length < 2) {
                return Double.NaN;
            }
            long[] spacing = new long[fromNanos.length - 1];
            Arrays.setAll(spacing, i -> fromNanos[i + 1] - fromNanos[i]);
            Arrays.sort(spacing);
            return spacing[spacing.length / 2] / 1e9;
        }

        String describe(long startNanos, long endNanos) {
            return String.format("%d stalls, %.2f s apart (median), %d of %d probe passes over %dx the median %.2f ms, "
                            + "worst %.1fx; the stall windows cover %.1f %% of the time", fromNanos.length, medianSpacingSeconds(),
                    slow, passes, SLOWER, medianCpuNanos / 1e6, worst, 100 * share(startNanos, endNanos));
        }
    }
}
