package dev.duplex.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies of one client in nanoseconds, every one kept, so that percentiles are exact.
 * Written by one thread at a time; read after the load has stopped.
 */
final class Samples {

    private long[] nanos = new long[1024];
    private int count;

    void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    /** Percentiles of all clients together, in milliseconds. */
    static Percentiles merge(List<Samples> all) {
        int total = all.stream().mapToInt(Samples::count).sum();
        long[] merged = new long[total];
        int at = 0;
        for (Samples samples : all) {
            System.arraycopy(samples.nanos, 0, merged, at, samples.count);
            at += samples.count;
        }
        Arrays.sort(merged);
        return new Percentiles(millis(merged, 0.50), millis(merged, 0.99));
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** The median and the 99th percentile, in milliseconds. */
    record Percentiles(double p50, double p99) {
    }
}
