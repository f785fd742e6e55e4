package dev.duplex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP API calls: {@code connections} callers, each with one call in flight and the next
 * sent when its answer comes, so the HTTP client keeps that many keep-alive connections busy.
 */
final class HttpLoad implements Load {

    private final HttpClient http;
    private final HttpRequest request;
    private final List<Samples> samples = new ArrayList<>();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean recording;

    HttpLoad(HttpClient http, URI call, int connections) {
        this.http = http;
        this.request = HttpRequest.newBuilder(call)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EchoLoad.PAYLOAD))
                .build();
        for (int i = 0; i < connections; i++) {
            samples.add(new Samples());
        }
    }

    @Override
    public void start() {
        running = true;
        for (Samples caller : samples) {
            call(caller);
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

    long failed() {
        return failed.sum();
    }

    Samples.Percentiles latencies() {
        return Samples.merge(samples);
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** One caller's loop: each answer sends the next call, on the HTTP client's threads. */
    private void call(Samples caller) {
        inFlight.incrementAndGet();
        long sentAt = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, error) -> answered(caller, sentAt, response, error));
    }

    private void answered(Samples caller, long sentAt, HttpResponse<String> response,
            Throwable error) {
        long now = System.nanoTime();
        inFlight.decrementAndGet();
        if (recording) {
            // Samples are not thread-safe, and this caller's answers may come on any thread.
            synchronized (caller) {
                caller.add(now - sentAt);
            }
            completed.increment();
            if (error != null || response.statusCode() != 200) {
                failed.increment();
            }
        }
        if (running) {
            call(caller);
        }
    }
}
