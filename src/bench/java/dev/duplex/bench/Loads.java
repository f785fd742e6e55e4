package dev.duplex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The parts of a run, each a load through the gateway and, where a comparison means
 * something, the same load straight to the backend. Every load runs for a bounded time and
 * then waits, within a bound, for what it has in flight.
 */
final class Loads {

    private static final List<String> PATHS = List.of("direct", "gateway");

    private final Plan plan;
    private final Child gateway;
    private final Child backend;
    private final URI gatewayClients;
    private final URI directClients;
    private final Jcmd jcmd;
    private final HttpClient sockets = HttpClient.newHttpClient();
    private double peakRate;

    Loads(Plan plan, Child gateway, Child backend, URI gatewayClients, URI directClients) {
        this.plan = plan;
        this.gateway = gateway;
        this.backend = backend;
        this.gatewayClients = gatewayClients;
        this.directClients = directClients;
        this.jcmd = new Jcmd(gateway.pid());
    }

    /**
     * Many clients that only connect: the gateway's memory per connection. The heap's largest
     * classes with them connected go to {@code histogram}.
     */
    void idle(Report report, Path histogram) throws Exception {
        Memory baseline = Memory.of(gateway, jcmd, true);
        long start = System.nanoTime();
        Opened opened = open(HttpClient.newHttpClient(), gatewayClients, plan.idleClients(), 256);
        double connectSeconds = (System.nanoTime() - start) / 1e9;

        // Lets the gateway finish its connection work (log lines, timers) before reading.
        Thread.sleep(3_000);
        Memory loaded = Memory.of(gateway, jcmd, false);
        Memory collected = Memory.of(gateway, jcmd, true);
        Files.writeString(histogram, collected.histogram());
        report.idle(opened.clients.size(), opened.failed, connectSeconds, baseline, loaded,
                collected);
        closeAll(opened.clients);
        Thread.sleep(3_000);
    }

    /** Closed-loop echo calls for each number of clients, direct then through the gateway. */
    void echo(Report report) throws Exception {
        warm();
        report.echoHeader(plan.depth());
        for (int clients : plan.clientCounts()) {
            for (String path : PATHS) {
                List<LoadClient> open = open(path, clients);
                EchoLoad load = new EchoLoad(open, plan.depth(), 0);
                Window window = measure(load, plan.warmup(), plan.window(), NOTHING, NOTHING);
                closeAll(open);
                report.echo(clients, path, window, load.latencies(), load.failed());
                if (path.equals("gateway") && clients == plan.peakClients()) {
                    peakRate = window.rate();
                }
            }
        }
    }

    /** Half the gateway's peak rate, paced, through both paths: the latency it adds. */
    void halfPeak(Report report) throws Exception {
        double rate = peakRate / 2;
        List<Window> windows = new ArrayList<>();
        List<Samples.Percentiles> latencies = new ArrayList<>();
        long skipped = 0;
        for (String path : PATHS) {
            List<LoadClient> open = open(path, plan.peakClients());
            EchoLoad load = new EchoLoad(open, plan.depth(), rate);
            windows.add(measure(load, plan.warmup(), plan.window(), NOTHING, NOTHING));
            closeAll(open);
            latencies.add(load.latencies());
            skipped += load.failed();
        }
        report.halfPeak(rate, windows.get(0), latencies.get(0), windows.get(1),
                latencies.get(1), skipped);
    }

    /** Streamed replies, one stream at a time per client. */
    void stream(Report report) throws Exception {
        for (String path : PATHS) {
            List<LoadClient> open = open(path, plan.streamClients());
            StreamLoad load = new StreamLoad(open, plan.repliesPerStream(), plan.bytesPerReply());
            Window window = measure(load, plan.warmup(), plan.window(), NOTHING, NOTHING);
            closeAll(open);
            report.stream(path, window, load.replies(), plan.bytesPerReply());
        }
    }

    /**
     * HTTP API calls over many keep-alive connections, with the gateway's heap around; the
     * heap's largest classes after the window go to {@code histogram}.
     */
    void http(Report report, URI call, Path histogram) throws Exception {
        HttpLoad load = new HttpLoad(call, plan.httpConnections());
        Memory[] memory = new Memory[2];
        Window window = measure(load, plan.warmup().multipliedBy(2), plan.window(),
                () -> memory[0] = Memory.of(gateway, jcmd, true),
                () -> memory[1] = Memory.of(gateway, jcmd, true));
        Files.writeString(histogram, memory[1].histogram());
        report.http(plan.httpConnections(), window, load.latencies(), load.failed(), memory[0],
                memory[1]);
    }

    /**
     * One load through the gateway while JDK Flight Recorder records it: {@code echo} (the
     * peak echo load), {@code stream} or {@code http}.
     *
     * @return the calls (echo, http) or replies (stream) completed while recording
     */
    long profile(String kind, URI httpCall, Path recording, Duration length) throws Exception {
        warm();
        List<LoadClient> open = open("gateway", kind.equals("stream") ? plan.streamClients()
                : kind.equals("echo") ? plan.peakClients() : 0);
        Load load = kind.equals("stream")
                ? new StreamLoad(open, plan.repliesPerStream(), plan.bytesPerReply())
                : kind.equals("echo") ? new EchoLoad(open, plan.depth(), 0)
                : new HttpLoad(httpCall, plan.httpConnections());
        Window window = measure(load, plan.warmup(), length,
                () -> jcmd.startRecording("bench"),
                () -> jcmd.stopRecording("bench", recording));
        closeAll(open);
        long units = load instanceof StreamLoad stream ? stream.replies() : window.completed();
        System.out.printf(Locale.ROOT, "%s through the gateway while recording: %s per second, "
                + "%s us gateway CPU each, %s%% system%n", kind, Report.count(units
                / window.seconds()), Report.micros(window.gatewayCpuSeconds() * 1e6 / units),
                Report.percent(window.gatewaySystemShare()));
        return units;
    }

    /** The JIT of all three processes compiles the hot paths before anything counts. */
    private void warm() throws Exception {
        for (String path : PATHS) {
            List<LoadClient> open = open(path, plan.peakClients());
            measure(new EchoLoad(open, plan.depth(), 0), plan.firstWarmup(), Duration.ZERO,
                    NOTHING, NOTHING);
            closeAll(open);
        }
    }

    private Window measure(Load load, Duration warmup, Duration window, Runnable beforeWindow,
            Runnable afterWindow) throws Exception {
        load.start();
        Thread.sleep(warmup.toMillis());
        beforeWindow.run();
        Window.Reading start = Window.Reading.of(gateway, backend);
        load.record(true);
        Thread.sleep(window.toMillis());
        load.record(false);
        Window.Reading end = Window.Reading.of(gateway, backend);
        long completed = load.completed();
        afterWindow.run();
        load.stop();
        return start.to(end, completed);
    }

    private static final Runnable NOTHING = () -> { };

    private List<LoadClient> open(String path, int count) throws InterruptedException {
        Opened opened = open(sockets, path.equals("direct") ? directClients : gatewayClients,
                count, 64);
        if (opened.failed > 0) {
            throw new IllegalStateException(opened.failed + " of " + count + " " + path
                    + " clients could not connect", opened.firstFailure);
        }
        return opened.clients;
    }

    /** Opens {@code count} clients, at most {@code parallel} handshakes at a time. */
    private static Opened open(HttpClient http, URI uri, int count, int parallel)
            throws InterruptedException {
        Semaphore permits = new Semaphore(parallel);
        CountDownLatch done = new CountDownLatch(count);
        List<LoadClient> clients = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            LoadClient.open(http, uri).orTimeout(30, TimeUnit.SECONDS)
                    .whenComplete((client, error) -> {
                        if (error == null) {
                            clients.add(client);
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, error);
                        }
                        permits.release();
                        done.countDown();
                    });
        }
        done.await(120, TimeUnit.SECONDS);
        return new Opened(new ArrayList<>(clients), failed.get(), firstFailure.get());
    }

    private static void closeAll(List<LoadClient> clients) {
        clients.forEach(LoadClient::close);
    }

    private record Opened(List<LoadClient> clients, int failed, Throwable firstFailure) {
    }
}
