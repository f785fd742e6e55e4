package dev.duplex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP API calls over {@code connections} keep-alive connections, one call in flight on each,
 * the next sent as soon as the answer is in. One thread drives every connection with a
 * selector: the JDK's HTTP client costs several times the gateway's work per call, which on
 * two shared cores would measure the client rather than the gateway.
 */
final class HttpLoad implements Load {

    private final InetSocketAddress address;
    private final byte[] request;
    private final List<Caller> callers = new ArrayList<>();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean running;
    private volatile boolean recording;
    private Selector selector;
    private Thread driver;

    HttpLoad(URI call, int connections) {
        this.address = new InetSocketAddress(call.getHost(), call.getPort());
        byte[] body = EchoLoad.PAYLOAD.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + call.getRawPath() + "?" + call.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + call.getHost() + ":" + call.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        this.request = (head + EchoLoad.PAYLOAD).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < connections; i++) {
            callers.add(new Caller());
        }
    }

    @Override
    public void start() throws IOException {
        running = true;
        selector = Selector.open();
        for (Caller caller : callers) {
            caller.connect();
        }
        driver = new Thread(this::drive, "bench-http");
        driver.start();
    }

    @Override
    public void record(boolean on) {
        recording = on;
    }

    @Override
    public long completed() {
        return completed.sum();
    }

    /** Answers other than 200, and connections that broke. */
    long failed() {
        return failed.sum();
    }

    Samples.Percentiles latencies() {
        return Samples.merge(callers.stream().map(caller -> caller.samples).toList());
    }

    @Override
    public void stop() throws Exception {
        running = false;
        driver.join(TimeUnit.SECONDS.toMillis(15));
        selector.close();
        for (Caller caller : callers) {
            caller.channel.close();
        }
    }

    /** Runs until stopped and every call in flight is answered, or 10 s after the stop. */
    private void drive() {
        long stoppedAt = 0;
        try {
            while (running || (callers.stream().anyMatch(caller -> caller.busy)
                    && System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(10))) {
                if (!running && stoppedAt == 0) {
                    stoppedAt = System.nanoTime();
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((Caller) key.attachment()).ready(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One keep-alive connection and the call on it. */
    private final class Caller {

        final Samples samples = new Samples();
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        SocketChannel channel;
        ByteBuffer out;
        long sentAt;
        boolean busy;

        void connect() throws IOException {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, 0, this);
            send(key);
        }

        void send(SelectionKey key) throws IOException {
            busy = true;
            sentAt = System.nanoTime();
            out = ByteBuffer.wrap(request);
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void ready(SelectionKey key) throws IOException {
            if (key.isWritable()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return;
            }
            if (channel.read(in) < 0) {
                failed.increment();
                busy = false;
                key.cancel();
                return;
            }
            int status = HttpAnswer.complete(in);
            if (status != 0) {
                answered(key, status);
            }
        }

        private void answered(SelectionKey key, int status) throws IOException {
            long now = System.nanoTime();
            in.clear();
            busy = false;
            if (recording) {
                samples.add(now - sentAt);
                completed.increment();
                if (status != 200) {
                    failed.increment();
                }
            }
            if (running) {
                send(key);
            } else {
                key.interestOps(0);
            }
        }
    }
}
