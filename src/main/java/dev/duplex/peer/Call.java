package dev.duplex.peer;

import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request channel the other side opened, as its {@link Handler} sees it: the request, and
 * the ways to answer it.
 *
 * <p>Answer with {@link #reply} once, or with several {@link #send} and then {@link #reply}, or
 * with {@link #fail}. Every answer carries the request's {@code ext}, as the protocol asks. A
 * request without id wants no answer: the answering methods then send nothing.
 *
 * <p>Thread-safe: the answering methods may be called from any thread, also after the handler
 * returned.
 */
public final class Call {

    private static final Logger log = LoggerFactory.getLogger(Call.class);

    private final Dispatcher dispatcher;
    private final Message request;
    private final SerialExecutor inOrder;

    // Set by the last answer; later ones are mistakes the caller hears about.
    private final AtomicBoolean ended = new AtomicBoolean();

    // Streamed requests not yet taken by a listener; touched only by tasks of inOrder.
    private final Queue<Message> unread = new ArrayDeque<>();
    private volatile RequestListener listener;

    private record RequestListener(Consumer<JsonValue> next, Runnable end) {
    }

    Call(Dispatcher dispatcher, Message request, SerialExecutor inOrder) {
        this.dispatcher = dispatcher;
        this.request = request;
        this.inOrder = inOrder;
    }

    /** The method the other side called. */
    public String method() {
        return request.method();
    }

    /** The first request's payload; JSON null when it had none. */
    public JsonValue payload() {
        return Dispatcher.payloadOf(request);
    }

    /** The request's {@code ext}; empty when it had none. */
    public JsonObject ext() {
        return request.ext() == null ? JsonValue.EMPTY_JSON_OBJECT : request.ext();
    }

    /** Whether the caller streams: more requests will follow on this channel. */
    public boolean more() {
        return request.more();
    }

    /** Whether the caller wants an answer; false for a request without id. */
    public boolean wantsReply() {
        return request.hasId();
    }

    /**
     * Takes the requests that follow the first one on a streaming channel, in order: {@code next}
     * gets each payload, then {@code end} runs after the last. Requests that arrived before
     * this was called are handed over at once; none are delivered while the handler runs.
     */
    public void onRequest(Consumer<JsonValue> next, Runnable end) {
        listener = new RequestListener(Objects.requireNonNull(next, "next"),
                Objects.requireNonNull(end, "end"));
        inOrder.execute(this::drain);
    }

    /** Sends the last answer. */
    public void reply(JsonValue payload) {
        end();
        answer(Message.reply(request.id(), payload, false, null).withExtOf(request));
    }

    /** Sends an answer with more to follow; end the stream with {@link #reply}. */
    public void send(JsonValue payload) {
        if (ended.get()) {
            throw alreadyEnded();
        }
        answer(Message.reply(request.id(), payload, true, null).withExtOf(request));
    }

    /** Answers with an error, which ends the channel. */
    public void fail(int code, String message) {
        fail(code, message, null);
    }

    /** Answers with an error carrying {@code data} (any JSON), which ends the channel. */
    public void fail(int code, String message, JsonValue data) {
        end();
        answer(Message.error(request.id(), errorObject(code, message, data), null)
                .withExtOf(request));
    }

    /**
     * Calls a method of the other side from this channel, for example a callback whose name
     * came in the payload. The request carries this request's {@code ext}, which lets a
     * gateway route it back to the caller.
     */
    public CompletableFuture<JsonValue> call(String method, JsonValue payload) {
        return dispatcher.call(method, payload, request.ext());
    }

    void start(Handler handler) {
        inOrder.execute(() -> run(handler));
    }

    void deliver(Message next) {
        inOrder.execute(() -> {
            unread.add(next);
            drain();
        });
    }

    private void run(Handler handler) {
        try {
            handler.handle(this);
        } catch (DuplexException e) {
            failIfOpen(e.code(), e.getMessage(), e.data());
        } catch (Exception e) {
            log.warn("The handler of {} failed", method(), e);
            failIfOpen(DuplexException.INTERNAL_ERROR, "internal error", null);
        }
    }

    private void drain() {
        RequestListener current = listener;
        if (current == null && ended.get()) {
            // Nobody will read them: the answer is already out.
            unread.clear();
            return;
        }

        Message next;
        while (current != null && (next = unread.poll()) != null) {
            try {
                current.next().accept(Dispatcher.payloadOf(next));
                if (!next.more()) {
                    current.end().run();
                }
            } catch (RuntimeException e) {
                log.warn("The request listener of {} failed", method(), e);
                failIfOpen(DuplexException.INTERNAL_ERROR, "internal error", null);
            }
        }
    }

    private void failIfOpen(int code, String message, JsonValue data) {
        if (ended.get()) {
            log.debug("Not answering {} with error {}: it was already answered", method(), code);
            return;
        }
        try {
            fail(code, message, data);
        } catch (IllegalStateException e) {
            log.debug("Not answering {} with error {}: answered meanwhile", method(), code);
        }
    }

    private void end() {
        if (!ended.compareAndSet(false, true)) {
            throw alreadyEnded();
        }
    }

    private void answer(Message message) {
        if (request.hasId()) {
            dispatcher.send(message);
        }
    }

    private IllegalStateException alreadyEnded() {
        return new IllegalStateException(
                "the call to " + method() + " was already answered with its last reply");
    }

    private static JsonObject errorObject(int code, String message, JsonValue data) {
        JsonObject error = Message.errorObject(code, message == null ? "" : message);
        return data == null ? error : MessageCodec.JSON.createObjectBuilder(error)
                .add("data", data)
                .build();
    }
}
