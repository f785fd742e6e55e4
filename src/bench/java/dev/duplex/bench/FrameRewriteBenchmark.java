package dev.duplex.bench;

import dev.duplex.protocol.MalformedMessageException;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import jakarta.json.JsonObject;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The frame rewrite alone, the work the gateway does on every frame besides I/O: a client's
 * request decoded, its {@code ext.route} set and its id replaced, then encoded for the
 * backend; and the backend's reply decoded, given back the client's id and {@code ext}, and
 * encoded for the client. The steps are those of the router today, through the public
 * {@code Message} API, so a faster rewrite shows here first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameRewriteBenchmark {

    private static final String ROUTE = "route";

    /** The client's key as the gateway writes it: short, base 36. */
    private static final String CLIENT_ROUTE = "c2s";

    /** Payloads: a typical small call, a 1 KiB structured one, and a 16 KiB stream chunk. */
    @Param({"small", "1KiB", "16KiB"})
    public String payload;

    private String requestFrame;
    private String replyFrame;
    private JsonObject callerExt;

    @Setup
    public void frames() throws MalformedMessageException {
        String body = Payloads.of(payload);
        requestFrame = "{\"type\":\"req\",\"id\":7,\"method\":\"echo\",\"payload\":" + body + "}";
        replyFrame = "{\"type\":\"rep\",\"id\":4711,\"payload\":" + body
                + ",\"ext\":{\"route\":\"" + CLIENT_ROUTE + "\"}}";
        callerExt = MessageCodec.decode(requestFrame).ext();
    }

    /** Client to backend: what the router does with a request that opens a channel. */
    @Benchmark
    public String request(Blackhole sink) throws MalformedMessageException {
        Message request = MessageCodec.decode(requestFrame);
        sink.consume(request.withoutExtMember(ROUTE).ext());
        Message tagged = request.withExtMember(ROUTE, CLIENT_ROUTE);
        return MessageCodec.encode(tagged.withId(4711));
    }

    /** Backend to client: what the router does with the reply that ends the channel. */
    @Benchmark
    public String reply() throws MalformedMessageException {
        Message reply = MessageCodec.decode(replyFrame);
        return MessageCodec.encode(reply.withId(7).withExt(callerExt));
    }

    /**
     * A floor, not a candidate: the request's id replaced and {@code ext.route} added by
     * splicing the text where a scan found the members, with no validation at all. No rewrite
     * that keeps the frame as text can be much cheaper than this.
     */
    @Benchmark
    public String requestSpliceFloor() {
        long id = Members.span(requestFrame, "id");
        long ext = Members.span(requestFrame, "ext");
        String tagged = requestFrame.substring(0, Members.start(id)) + 4711
                + requestFrame.substring(Members.end(id), requestFrame.length() - 1);
        return ext >= 0 ? tagged + "}" : tagged + ",\"ext\":{\"route\":\"" + CLIENT_ROUTE
                + "\"}}";
    }

    /** The same floor for the reply: id replaced, the gateway's {@code ext} cut off. */
    @Benchmark
    public String replySpliceFloor() {
        long id = Members.span(replyFrame, "id");
        long ext = Members.span(replyFrame, "ext");
        return replyFrame.substring(0, Members.start(id)) + 7
                + replyFrame.substring(Members.end(id), Members.start(ext) - 7) + "}";
    }

    /** The decoding alone, to tell parse from write. */
    @Benchmark
    public Message decodeOnly() throws MalformedMessageException {
        return MessageCodec.decode(replyFrame);
    }
}
