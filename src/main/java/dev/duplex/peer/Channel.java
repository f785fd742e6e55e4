package dev.duplex.peer;

import dev.duplex.protocol.Message;
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
 * A request channel this peer opened with {@link DuplexPeer#open}, streaming both ways: send
 * requests with {@link #send} and finish with {@link #sendLast}; take the replies with
 * {@link #onReply}; {@link #done()} completes with the last reply.
 *
 * <pre>{@code
 * Channel upload = peer.open("upload");
 * upload.onReply(progress -> show(progress));
 * upload.send(part1).send(part2).sendLast(part3);
 * upload.done().get(30, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>Thread-safe. Requests go out in the order the send methods were called.
 */
public final class Channel {

    private static final Logger log = LoggerFactory.getLogger(Channel.class);

    private final Dispatcher dispatcher;
    private final long id;
    private final String method;
    private final JsonObject ext;
    private final SerialExecutor inOrder;
    private final CompletableFuture<JsonValue> last = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean requestsEnded = new AtomicBoolean();

    // Replies not yet taken by a listener; touched only by tasks of inOrder.
    private final Queue<JsonValue> unread = new ArrayDeque<>();
    private volatile Consumer<JsonValue> replyListener;

    Channel(Dispatcher dispatcher, long id, String method, JsonObject ext,
            SerialExecutor inOrder) {
        this.dispatcher = dispatcher;
        this.id = id;
        this.method = method;
        this.ext = ext;
        this.inOrder = inOrder;
    }

    /** The request id naming this channel, unique among this peer's requests. */
    public long id() {
        return id;
    }

    /** The method this channel calls. */
    public String method() {
        return method;
    }

    /** Sends a request with more to follow. */
    public Channel send(JsonValue payload) {
        if (requestsEnded.get()) {
            throw alreadyEnded();
        }
        sendRequest(payload, true);
        return this;
    }

    /** Sends the last request of this channel. */
    public Channel sendLast(JsonValue payload) {
        if (!requestsEnded.compareAndSet(false, true)) {
            throw alreadyEnded();
        }
        sendRequest(payload, false);
        return this;
    }

    /**
     * Takes every reply's payload, in order, including the last one (JSON null when a reply
     * had none). Replies that came before this was called are handed over at once. Listeners
     * run on the peer's executor.
     */
    public Channel onReply(Consumer<JsonValue> listener) {
        replyListener = Objects.requireNonNull(listener, "listener");
        inOrder.execute(this::drain);
        return this;
    }

    /**
     * Completes after the last reply reached the listener; fails with a
     * {@link DuplexException} on an error reply or when the connection closes first.
     */
    public CompletableFuture<Void> done() {
        return Futures.relay(last, payload -> null);
    }

    /** Like {@link #done()}, with the last reply's payload. */
    CompletableFuture<JsonValue> lastReply() {
        return Futures.relay(last, payload -> payload);
    }

    void deliver(Message reply) {
        inOrder.execute(() -> receive(reply));
    }

    void fail(DuplexException failure) {
        inOrder.execute(() -> last.completeExceptionally(failure));
    }

    private void sendRequest(JsonValue payload, boolean more) {
        if (started.compareAndSet(false, true)) {
            dispatcher.track(this);
        }

        dispatcher.send(Message.request(method, id, payload, more, ext))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        dispatcher.forget(id);
                    }
                });
    }

    private void receive(Message reply) {
        if (reply.isError()) {
            last.completeExceptionally(DuplexException.fromError(reply.error()));
            return;
        }

        JsonValue payload = Dispatcher.payloadOf(reply);
        unread.add(payload);
        drain();
        if (!reply.more()) {
            last.complete(payload);
        }
    }

    private void drain() {
        Consumer<JsonValue> listener = replyListener;
        JsonValue payload;
        while (listener != null && (payload = unread.poll()) != null) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                log.warn("The reply listener of channel {} ({}) failed", id, method, e);
            }
        }
    }

    private IllegalStateException alreadyEnded() {
        return new IllegalStateException(
                "channel " + id + " (" + method + ") already sent its last request");
    }
}
