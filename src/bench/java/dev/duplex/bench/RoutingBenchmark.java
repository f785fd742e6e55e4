package dev.duplex.bench;

import dev.duplex.gateway.config.Credential;
import dev.duplex.gateway.config.GatewayConfig;
import dev.duplex.gateway.routing.BackendLink;
import dev.duplex.gateway.routing.ClientLink;
import dev.duplex.gateway.routing.Connection;
import dev.duplex.gateway.routing.Endpoint;
import dev.duplex.gateway.routing.Gateway;
import dev.duplex.protocol.MalformedMessageException;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole call through the routing core, without sockets: the client's request frame is
 * decoded and routed, the backend's reply frame is decoded and routed back, and both messages
 * the core hands to its connections are encoded, as the web layer would. This is the gateway's
 * CPU per call minus Jetty, the threads and the system calls; only public API is used.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {

    @Param({"small", "16KiB"})
    public String payload;

    private String body;
    private String requestFrame;
    private ScheduledExecutorService timers;
    private Gateway gateway;
    private Recorder toBackend;
    private Recorder toClient;
    private BackendLink backend;
    private ClientLink client;

    @Setup
    public void gateway() {
        body = Payloads.of(payload);
        requestFrame = "{\"type\":\"req\",\"id\":7,\"method\":\"echo\",\"payload\":" + body + "}";
        timers = Executors.newSingleThreadScheduledExecutor();
        gateway = new Gateway(GatewayConfig.load(name -> name.equals("TOKEN") ? "t" : null),
                timers);
        toBackend = new Recorder();
        toClient = new Recorder();
        backend = gateway.attachBackend("/bench", Credential.of("s"), toBackend);
        Endpoint endpoint = gateway.endpoint("/bench");
        client = gateway.attachClient(endpoint, gateway.admitClient(endpoint, "s"), toClient);
    }

    @TearDown
    public void stop() {
        timers.shutdownNow();
    }

    /** A request in and its reply back: channel opened, rewritten both ways, closed. */
    @Benchmark
    public String call() throws MalformedMessageException {
        gateway.fromClient(client, MessageCodec.decode(requestFrame));
        Message sent = toBackend.last;
        String reply = "{\"type\":\"rep\",\"id\":" + sent.id() + ",\"payload\":" + body
                + ",\"ext\":{\"route\":\"" + sent.extString("route") + "\"}}";
        gateway.fromBackend(backend, MessageCodec.decode(reply));
        return toClient.frame;
    }

    /** A connection that encodes what it is given, as the web layer's does, and keeps it. */
    private static final class Recorder implements Connection {

        Message last;
        String frame;

        @Override
        public void send(Message message) {
            last = message;
            frame = MessageCodec.encode(message);
        }

        @Override
        public void close(int code, String reason) {
            // Nothing to close: no socket behind it.
        }

        @Override
        public String remoteAddress() {
            return "benchmark";
        }
    }
}
