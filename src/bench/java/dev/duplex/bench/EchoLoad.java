package dev.duplex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Echo calls from many clients, each keeping up to {@code depth} calls in flight. Closed loop
 * (a reply sends the next call) to find the peak; paced (a steady rate spread over the
 * clients) to see latency below the peak.
 */
final class EchoLoad implements Load {

    /** A small request payload, typical of RPC: a few fields, about 60 bytes. */
    static final String PAYLOAD =
            "{\"text\":\"hello, gateway\",\"n\":12345,\"tags\":[\"a\",\"b\"]}";

    /** Call ids are slots in a ring of send times; it must be larger than any depth. */
    private static final int SLOTS = 1024;

    private final List<Caller> callers = new ArrayList<>();
    private final int depth;
    private final double callsPerSecond;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running;
    private volatile boolean recording;
    private Thread pacer;

    /**
     * @param callsPerSecond 0 for a closed loop, else the steady rate of the paced load
     */
    EchoLoad(List<LoadClient> clients, int depth, double callsPerSecond) {
        if (depth >= SLOTS) {
            throw new IllegalArgumentException("depth must be below " + SLOTS);
        }
        this.depth = depth;
        this.callsPerSecond = callsPerSecond;
        for (LoadClient client : clients) {
            callers.add(new Caller(client));
        }
    }

    @Override
    public void start() {
        running = true;
        for (Caller caller : callers) {
            caller.client.inbox(caller);
        }
        if (callsPerSecond > 0) {
            pacer = new Thread(this::pace, "bench-pacer");
            pacer.start();
            return;
        }
        for (Caller caller : callers) {
            for (int i = 0; i < depth; i++) {
                caller.call();
            }
        }
    }

    @Override
    public void record(boolean on) {
        recording = on;
    }

    @Override
    public long completed() {
        return completed.sum();
    }

    /** Replies that were errors, or calls the pacer skipped because a client was full. */
    long failed() {
        return failed.sum();
    }

    Samples.Percentiles latencies() {
        return Samples.merge(callers.stream().map(caller -> caller.samples).toList());
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        if (pacer != null) {
            pacer.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (Caller caller : callers) {
            caller.client.inbox(null);
        }
    }

    private int inFlight() {
        return callers.stream().mapToInt(caller -> caller.inFlight.get()).sum();
    }

    /** Sends each call when it is due, on the next client in turn that has room. */
    private void pace() {
        long start = System.nanoTime();
        double intervalNanos = 1e9 / callsPerSecond;
        long sent = 0;
        while (running) {
            long due = (long) ((System.nanoTime() - start) / intervalNanos);
            for (; sent < due && running; sent++) {
                Caller caller = callers.get((int) (sent % callers.size()));
                if (caller.inFlight.get() < depth) {
                    caller.call();
                } else if (recording) {
                    failed.increment();
                }
            }
            // Ticks of 0.2 ms: a few calls per tick at these rates, and a pacer that does not
            // take a core from the processes it measures by waking for every single call.
            LockSupport.parkNanos(200_000);
        }
    }

    /** One client's calls: their send times and its latencies. */
    private final class Caller implements LoadClient.Inbox {

        final LoadClient client;
        final Samples samples = new Samples();
        final AtomicInteger inFlight = new AtomicInteger();
        private final long[] sentAt = new long[SLOTS];
        private long lastId;

        Caller(LoadClient client) {
            this.client = client;
        }

        /** Closed loop: from the reply's thread; paced: from the pacer. Never both. */
        void call() {
            long id = ++lastId;
            inFlight.incrementAndGet();
            sentAt[(int) (id % SLOTS)] = System.nanoTime();
            client.send("{\"type\":\"req\",\"id\":" + id
                    + ",\"method\":\"echo\",\"payload\":" + PAYLOAD + "}");
        }

        @Override
        public void onFrame(LoadClient from, String frame) {
            long now = System.nanoTime();
            long id = Members.longValue(frame, "id", 0);
            inFlight.decrementAndGet();
            if (recording) {
                samples.add(now - sentAt[(int) (id % SLOTS)]);
                completed.increment();
                if (frame.contains("\"error\"")) {
                    failed.increment();
                }
            }
            if (running && callsPerSecond == 0) {
                call();
            }
        }
    }
}
