package dev.duplex.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Utf8StringBuilder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What turning a text frame's bytes into the {@code String} that a Jakarta text handler gets
 * costs, before the gateway sees the frame at all. Jetty's Jakarta WebSocket decodes every
 * text message with its {@code Utf8StringBuilder}, a byte at a time, the way its
 * {@code StringMessageSink} sets it up (a builder of the session's input buffer size, 4 KiB);
 * the JDK's decoder is the comparison. Neither is the gateway's code: this shows the floor
 * under the stream part of the benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextDecodeBenchmark {

    /** Jetty's default input buffer size, which its text message sink starts the builder at. */
    private static final int INPUT_BUFFER_SIZE = 4096;

    @Param({"small", "16KiB"})
    public String payload;

    private byte[] frame;

    @Setup
    public void frame() {
        String text = "{\"type\":\"rep\",\"id\":4711,\"payload\":" + Payloads.of(payload)
                + ",\"ext\":{\"route\":\"c2s\"}}";
        frame = text.getBytes(StandardCharsets.UTF_8);
    }

    /** As Jetty's Jakarta text message sink decodes a whole message that came in one frame. */
    @Benchmark
    public String jetty() {
        Utf8StringBuilder text = new Utf8StringBuilder(INPUT_BUFFER_SIZE);
        text.append(ByteBuffer.wrap(frame));
        return text.takeCompleteString(IllegalStateException::new);
    }

    /** The JDK's UTF-8 decoder on the same bytes. */
    @Benchmark
    public String jdk() {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
