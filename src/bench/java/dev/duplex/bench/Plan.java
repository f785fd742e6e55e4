package dev.duplex.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how large each part of a run is: the full run (about four minutes) or the
 * quick smoke run (under a minute), which checks that everything works, not how fast.
 *
 * @param warmup load before every measured window, so the JIT has compiled the paths
 * @param window the measured time of each echo, stream and HTTP load
 * @param firstWarmup one longer warmup through the gateway before the first window
 */
record Plan(String name, Duration warmup, Duration window, Duration firstWarmup,
        List<Integer> clientCounts, int depth, int idleClients, int streamClients,
        int repliesPerStream, int bytesPerReply, int httpConnections) {

    static Plan full() {
        return new Plan("full", Duration.ofSeconds(2), Duration.ofSeconds(8),
                Duration.ofSeconds(8), List.of(1, 16, 64), 8, 10_000, 4, 256, 16_384, 256);
    }

    static Plan quick() {
        return new Plan("quick", Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(2), List.of(1, 16, 64), 8, 1_000, 4, 64, 16_384, 64);
    }

    /** The most clients of the echo loads: the row the targets are about. */
    int peakClients() {
        return clientCounts.get(clientCounts.size() - 1);
    }
}
