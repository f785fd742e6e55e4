package dev.duplex.bench;

import dev.duplex.protocol.MalformedMessageException;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The price of the JSON-P provider lookup: every static {@code Json.create...} call first
 * finds the provider with a {@code ServiceLoader}, which reads the class path's service files.
 * The codec made three to five such calls per frame until it kept the provider it looked up
 * once ({@code MessageCodec.JSON}). Next to the lookup, a small reply parsed into a tree
 * through a provider looked up once, and the codec's decode of that reply as it is now.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProviderLookupBenchmark {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private static final String REPLY = "{\"type\":\"rep\",\"id\":4711,\"payload\":"
            + EchoLoad.PAYLOAD + ",\"ext\":{\"route\":\"c2s\"}}";

    /** One lookup, as each {@code Json.create...} call does. */
    @Benchmark
    public JsonProvider lookup() {
        return JsonProvider.provider();
    }

    /** The reply read into a JSON-P tree, as the codec once did, without the lookups. */
    @Benchmark
    public JsonValue parseWithCachedProvider() {
        try (JsonReader reader = PROVIDER.createReader(new StringReader(REPLY))) {
            return reader.readValue();
        }
    }

    /** The codec's decode of the same reply: no lookup, no tree. */
    @Benchmark
    public Message codecDecode() throws MalformedMessageException {
        return MessageCodec.decode(REPLY);
    }
}
