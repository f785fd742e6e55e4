package dev.duplex.bench;

import dev.duplex.protocol.Handshake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of the load generator: a JDK WebSocket that speaks just enough Duplex to make
 * calls, and hands every whole frame after the handshake to the current {@link Inbox}.
 *
 * <p>The JDK refuses a send while another is pending, so frames queue here and go out one
 * after another.
 */
final class LoadClient implements WebSocket.Listener {

    /** Receives the frames of one client; called by one thread at a time. */
    interface Inbox {
        void onFrame(LoadClient client, String frame);
    }

    private static final Inbox IGNORE = (client, frame) -> { };

    private final CompletableFuture<LoadClient> accepted = new CompletableFuture<>();
    private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile Inbox inbox = IGNORE;
    private volatile WebSocket socket;

    // Owned by the listener, which the JDK calls one event at a time.
    private final StringBuilder partial = new StringBuilder();
    private boolean handshakeDone;

    private LoadClient() {
    }

    /** Opens a client; completes once the gateway or server has answered the handshake. */
    static CompletableFuture<LoadClient> open(HttpClient http, URI uri) {
        LoadClient client = new LoadClient();
        http.newWebSocketBuilder().buildAsync(uri, client).whenComplete((socket, error) -> {
            if (error != null) {
                client.accepted.completeExceptionally(error);
            }
        });
        return client.accepted;
    }

    void inbox(Inbox next) {
        inbox = next == null ? IGNORE : next;
    }

    void send(String frame) {
        outbox.add(frame);
        pump();
    }

    /** Closes without waiting for the other side's answer. */
    void close() {
        WebSocket open = socket;
        if (open != null) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((s, e) -> open.abort());
        }
    }

    @Override
    public void onOpen(WebSocket opened) {
        socket = opened;
        opened.request(1);
        send(Handshake.HELLO);
    }

    @Override
    public CompletionStage<?> onText(WebSocket from, CharSequence data, boolean last) {
        from.request(1);
        if (!last) {
            partial.append(data);
            return null;
        }
        String frame = partial.length() == 0 ? data.toString() : partial.append(data).toString();
        partial.setLength(0);
        if (handshakeDone) {
            inbox.onFrame(this, frame);
        } else {
            handshakeDone = true;
            answered(frame);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket from, int code, String reason) {
        accepted.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket from, Throwable error) {
        accepted.completeExceptionally(error);
    }

    private void answered(String frame) {
        if (frame.equals(Handshake.ACCEPTED)) {
            accepted.complete(this);
        } else {
            accepted.completeExceptionally(new IllegalStateException("refused: " + frame));
        }
    }

    /** Starts the next send unless one is pending; its completion starts the one after. */
    private void pump() {
        while (sending.compareAndSet(false, true)) {
            String frame = outbox.poll();
            if (frame != null) {
                socket.sendText(frame, true).whenComplete((s, error) -> sent(error));
                return;
            }
            sending.set(false);
            if (outbox.isEmpty()) {
                return;
            }
        }
    }

    private void sent(Throwable error) {
        sending.set(false);
        if (error != null) {
            outbox.clear();
            return;
        }
        pump();
    }
}
