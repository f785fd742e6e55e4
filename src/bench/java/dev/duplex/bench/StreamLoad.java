package dev.duplex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Streamed replies: each client asks for one stream at a time and asks for the next when its
 * last reply arrives. What counts is payload bytes received.
 *
 * <p>A stream is kept well under the gateway's default limit of queued bytes per client
 * (16 MiB): the protocol has no flow control, so a larger one would get a client that reads
 * slower than the backend writes closed as too slow, which is the gateway doing its job.
 */
final class StreamLoad implements Load {

    private final List<Streamer> streamers = new ArrayList<>();
    private final String request;
    private final LongAdder payloadBytes = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean recording;

    StreamLoad(List<LoadClient> clients, int repliesPerStream, int bytesPerReply) {
        this.request = ",\"method\":\"stream\",\"payload\":{\"count\":" + repliesPerStream
                + ",\"bytes\":" + bytesPerReply + "}}";
        for (LoadClient client : clients) {
            streamers.add(new Streamer(client));
        }
    }

    @Override
    public void start() {
        running = true;
        for (Streamer streamer : streamers) {
            streamer.client.inbox(streamer);
            streamer.ask();
        }
    }

    @Override
    public void record(boolean on) {
        recording = on;
    }

    /** Payload bytes received while recording. */
    @Override
    public long completed() {
        return payloadBytes.sum();
    }

    long replies() {
        return replies.sum();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (Streamer streamer : streamers) {
            streamer.client.inbox(null);
        }
    }

    private final class Streamer implements LoadClient.Inbox {

        final LoadClient client;
        private long lastId;

        Streamer(LoadClient client) {
            this.client = client;
        }

        void ask() {
            open.incrementAndGet();
            client.send("{\"type\":\"req\",\"id\":" + ++lastId + request);
        }

        @Override
        public void onFrame(LoadClient from, String frame) {
            long payload = Members.span(frame, "payload");
            if (recording && payload >= 0) {
                // The payload is a JSON string: its quotes are not payload.
                payloadBytes.add(Members.end(payload) - Members.start(payload) - 2);
                replies.increment();
            }
            if (Members.span(frame, "more") >= 0) {
                return;
            }
            open.decrementAndGet();
            if (running) {
                ask();
            }
        }
    }
}
