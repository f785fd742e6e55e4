package dev.duplex.peer;

import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One end of a Duplex connection over WebSocket: it offers methods to the other side and calls
 * the other side's methods, both at once. A backend uses it to publish a service through a
 * Duplex gateway, a client to use one.
 *
 * <pre>{@code
 * try (DuplexPeer peer = DuplexPeer.connect(uri, PeerOptions.defaults(),
 *         p -> p.function("echo", payload -> payload))) {
 *     JsonValue answer = peer.call("time", JsonValue.NULL).get(5, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p>Requests this peer sends are numbered from 1; the other side numbers its own. Handlers
 * and listeners run on the executor of {@link PeerOptions}; the messages of one channel are
 * handled in order, different channels concurrently. All methods are thread-safe.
 */
public final class DuplexPeer implements AutoCloseable {

    private final Connection connection;
    private final Dispatcher dispatcher;

    private DuplexPeer(Connection connection, Dispatcher dispatcher) {
        this.connection = connection;
        this.dispatcher = dispatcher;
    }

    /** Connects with the default options; see {@link #connect(URI, PeerOptions, Consumer)}. */
    public static DuplexPeer connect(URI uri) {
        return connect(uri, PeerOptions.defaults());
    }

    /** Connects; see {@link #connect(URI, PeerOptions, Consumer)}. */
    public static DuplexPeer connect(URI uri, PeerOptions options) {
        return connect(uri, options, peer -> { });
    }

    /**
     * Opens a WebSocket to {@code uri} ({@code ws:} or {@code wss:}), sends the Duplex
     * handshake and waits for it to be accepted, at most the options' connect timeout.
     *
     * @param setup registers handlers before the handshake, so that the first requests of the
     *     other side already find them; a backend registers its methods here
     * @throws DuplexException when the server refuses the upgrade ({@link
     *     DuplexException#httpStatus()} tells its HTTP status) or the handshake (the message is
     *     the reason given), when no answer comes in time, or when the connection fails
     */
    public static DuplexPeer connect(URI uri, PeerOptions options, Consumer<DuplexPeer> setup) {
        Outbox outbox = new Outbox();
        Dispatcher dispatcher = new Dispatcher(outbox, options.executor());
        Connection connection = new Connection(dispatcher, outbox, uri);
        DuplexPeer peer = new DuplexPeer(connection, dispatcher);

        setup.accept(peer);
        await(connection, connection.open(uri, options), options.connectTimeout());
        return peer;
    }

    /** Offers {@code method} to the other side, replacing any handler it had. */
    public DuplexPeer register(String method, Handler handler) {
        dispatcher.register(Objects.requireNonNull(method, "method"),
                Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Offers {@code method} as a function of the request's payload: its result is the reply.
     * A {@link DuplexException} it throws is the error reply; any other exception is answered
     * with code {@value DuplexException#INTERNAL_ERROR}.
     */
    public DuplexPeer function(String method, Function<JsonValue, JsonValue> function) {
        Objects.requireNonNull(function, "function");
        return register(method, call -> call.reply(function.apply(call.payload())));
    }

    /**
     * Registers a handler under a fresh name such as {@code callback.7} and returns the name,
     * to be passed in a payload so that the other side can call back. Remove it with
     * {@link #unregister} when no more calls are expected.
     */
    public String registerCallback(Handler handler) {
        return dispatcher.registerCallback(Objects.requireNonNull(handler, "handler"));
    }

    /** Stops offering {@code method}; later requests get "method not found". */
    public DuplexPeer unregister(String method) {
        dispatcher.unregister(method);
        return this;
    }

    /**
     * Calls {@code method} of the other side. The future completes with the reply's payload
     * (JSON null when it had none; the last one if the other side streams), or fails with a
     * {@link DuplexException} on an error reply or when the connection closes first.
     *
     * @param payload any JSON, or {@code null} to send none
     */
    public CompletableFuture<JsonValue> call(String method, JsonValue payload) {
        return dispatcher.call(Objects.requireNonNull(method, "method"), payload, null);
    }

    /** Like {@link #call}, but completes with every reply's payload, in order. */
    public CompletableFuture<List<JsonValue>> stream(String method, JsonValue payload) {
        List<JsonValue> replies = new ArrayList<>();

        // The list is filled and read on the channel's own tasks, one after another.
        Channel channel = open(method).onReply(replies::add);
        channel.sendLast(payload);
        return Futures.relay(channel.lastReply(), last -> List.copyOf(replies));
    }

    /**
     * Sends a request that wants no reply (it has no id).
     *
     * @throws DuplexException when the connection is already closed
     */
    public void notify(String method, JsonValue payload) {
        dispatcher.sendNotification(Objects.requireNonNull(method, "method"), payload);
    }

    /** Opens a channel to {@code method} that streams requests and replies; nothing is sent yet. */
    public Channel open(String method) {
        return dispatcher.open(Objects.requireNonNull(method, "method"), null);
    }

    /** Completes once the connection has ended, with the close code and reason. */
    public CompletableFuture<CloseStatus> closed() {
        return connection.closed().copy();
    }

    /** Whether the connection is still up; false once {@link #closed()} has completed. */
    public boolean isOpen() {
        return !connection.closed().isDone();
    }

    /**
     * Closes the connection with code 1000 after the frames already queued. Calls still
     * waiting fail with {@value DuplexException#CONNECTION_CLOSED} at once.
     */
    @Override
    public void close() {
        connection.close(new CloseStatus(WebSocket.NORMAL_CLOSURE, ""));
    }

    private static void await(Connection connection, CompletableFuture<Void> accepted,
            Duration timeout) {
        try {
            accepted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            connection.abort(new CloseStatus(CloseStatus.ABNORMAL, "handshake timed out"));
            throw DuplexException.timeout(
                    "no handshake answer from " + connection.address() + " within " + timeout);
        } catch (ExecutionException e) {
            // The connection has already ended or is closing itself.
            throw e.getCause() instanceof DuplexException
                    ? (DuplexException) e.getCause()
                    : DuplexException.connectionClosed("cannot connect", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.abort(new CloseStatus(CloseStatus.ABNORMAL, "interrupted"));
            throw DuplexException.connectionClosed("interrupted while connecting", e);
        }
    }
}
