package dev.duplex.gateway.web;

import dev.duplex.gateway.routing.HttpCall;
import dev.duplex.gateway.routing.ReplyListener;
import dev.duplex.protocol.ErrorCodes;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Turns the replies of one HTTP call into its response: one JSON body, or a stream of lines
 * (NDJSON or server-sent events) when the backend streams. Writes never block: the backend's
 * thread only queues, and the container says when the caller can take more.
 *
 * <p>Every field below the constructor's is guarded by {@code this}.
 */
final class CallResponse implements ReplyListener, WriteListener, AsyncListener {

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final boolean eventStream;
    private final long timeoutMillis;
    private final ServletOutputStream out;

    private final Queue<byte[]> chunks = new ArrayDeque<>();
    private HttpCall call;
    private boolean streaming;
    private boolean started;
    private boolean lastQueued;
    private boolean done;

    CallResponse(AsyncContext async, HttpServletResponse response, boolean eventStream,
            long timeoutMillis) throws IOException {
        this.async = async;
        this.response = response;
        this.eventStream = eventStream;
        this.timeoutMillis = timeoutMillis;
        this.out = response.getOutputStream();
        async.addListener(this);
        out.setWriteListener(this);
    }

    /** Ties the response to its call, so a hang-up or time-out can forget the call. */
    synchronized void start(HttpCall started) {
        this.call = started;
        if (done) {
            started.cancel();
        }
    }

    @Override
    public synchronized void onReply(Message reply) {
        if (done || lastQueued) {
            return;
        }
        if (!started) {
            begin(reply);
        } else {
            queueLine(reply.isError() ? errorBody(reply.error()) : lineOf(reply),
                    reply.isError());
        }
        lastQueued = reply.endsChannel();
        drain();
    }

    private void begin(Message first) {
        started = true;
        if (first.isError()) {
            respond(statusFor(first.errorCode()), errorBody(first.error()));
        } else if (!first.more()) {
            respond(200, payloadOf(first));
        } else {
            streaming = true;
            response.setStatus(200);
            response.setContentType(eventStream
                    ? "text/event-stream;charset=utf-8"
                    : "application/x-ndjson;charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            queueLine(lineOf(first), false);
        }
    }

    private void respond(int status, Object body) {
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        chunks.add(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void queueLine(Object value, boolean isError) {
        String line;
        if (!eventStream) {
            line = value + "\n";
        } else if (isError) {
            line = "event: error\ndata: " + value + "\n\n";
        } else {
            line = "data: " + value + "\n\n";
        }
        chunks.add(line.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void onWritePossible() {
        drain();
    }

    private void drain() {
        try {
            while (!chunks.isEmpty()) {
                if (!out.isReady()) {
                    return;
                }
                out.write(chunks.poll());
                if (streaming && out.isReady()) {
                    out.flush();
                }
            }
            if (lastQueued && !done && out.isReady()) {
                done = true;
                async.complete();
            }
        } catch (IOException e) {
            hungUp();
        }
    }

    @Override
    public synchronized void onTimeout(AsyncEvent event) {
        if (done || lastQueued) {
            return;
        }
        JsonObject error = Message.errorObject(ErrorCodes.TIMEOUT,
                "no reply within " + timeoutMillis + " ms");
        if (!started) {
            started = true;
            respond(ErrorCodes.TIMEOUT, errorBody(error));
        } else {
            queueLine(errorBody(error), true);
        }
        lastQueued = true;
        forgetCall();
        drain();
        if (!done) {
            done = true;
            async.complete();
        }
    }

    @Override
    public synchronized void onError(Throwable failure) {
        hungUp();
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        hungUp();
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        done = true;
        forgetCall();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // One asynchronous cycle per call: nothing to renew.
    }

    private void hungUp() {
        chunks.clear();
        forgetCall();
        if (!done) {
            done = true;
            async.complete();
        }
    }

    private void forgetCall() {
        if (call != null) {
            call.cancel();
        }
    }

    /** The HTTP status for a Duplex error code: "no such method" is 501, HTTP codes pass. */
    static int statusFor(int code) {
        if (code == ErrorCodes.METHOD_NOT_FOUND || code == ErrorCodes.NOT_IMPLEMENTED) {
            return 501;
        }
        return code >= 400 && code <= 599 ? code : 500;
    }

    /**
     * The payload as one line, for NDJSON and server-sent events: a backend's pretty-printed
     * text would otherwise end the line, or the event, early.
     */
    private static String lineOf(Message reply) {
        String payload = payloadOf(reply);
        boolean oneLine = payload.indexOf('\n') < 0 && payload.indexOf('\r') < 0;
        return oneLine ? payload : reply.payload().toString();
    }

    /** The payload's JSON text as it came from the backend; {@code null} when absent. */
    private static String payloadOf(Message reply) {
        String payload = reply.payloadJson();
        return payload == null ? "null" : payload;
    }

    private static JsonObject errorBody(JsonObject error) {
        return MessageCodec.JSON.createObjectBuilder().add("error", error).build();
    }
}
