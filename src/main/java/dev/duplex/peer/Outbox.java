package dev.duplex.peer;

import java.net.http.WebSocket;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frames waiting to be sent on one WebSocket. The JDK WebSocket allows one text send at a
 * time, so frames queue here and each send starts when the previous one completes. Nothing
 * here blocks: any thread may send, including the one that reads the connection.
 */
final class Outbox {

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

    // True while a frame is being handed to the socket; only its owner polls the queue.
    private final AtomicBoolean sending = new AtomicBoolean();

    private volatile WebSocket socket;

    // Messages flow only after the handshake; until then they wait in the queue.
    private volatile boolean released;

    // Set once a close frame is queued or the connection is gone: later frames are refused.
    private volatile boolean closing;

    /** A text frame, or the close frame when {@code close} is set. */
    private record Pending(String text, CloseStatus close, CompletableFuture<Void> sent) {
    }

    /** The socket that just opened; frames wait for {@link #release()}. */
    void attach(WebSocket webSocket) {
        socket = webSocket;
    }

    /** Starts sending: the handshake was accepted, so messages may flow. */
    void release() {
        released = true;
        pump();
    }

    /** Queues a text frame; the future completes when the socket took it, or fails. */
    CompletableFuture<Void> send(String text) {
        return enqueue(new Pending(text, null, new CompletableFuture<>()));
    }

    /**
     * Queues the close frame after the frames already queued. Before the handshake was
     * accepted nothing else may go out: queued frames fail and the close frame leaves at once.
     */
    CompletableFuture<Void> close(CloseStatus status) {
        if (!released) {
            abort();
            return closeNow(status);
        }

        Pending close = new Pending(null, status, new CompletableFuture<>());
        CompletableFuture<Void> sent = enqueue(close);
        closing = true;
        return sent;
    }

    /** Fails every queued frame and refuses new ones; the connection is gone. */
    void abort() {
        closing = true;

        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.sent().completeExceptionally(closedFailure());
        }
    }

    private CompletableFuture<Void> enqueue(Pending pending) {
        if (closing) {
            pending.sent().completeExceptionally(closedFailure());
            return pending.sent();
        }

        queue.add(pending);
        pump();
        return pending.sent();
    }

    private void pump() {
        while (released && socket != null && sending.compareAndSet(false, true)) {
            Pending next = queue.poll();
            if (next == null) {
                sending.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }

            CompletableFuture<WebSocket> transmission = transmit(next);
            if (!transmission.isDone()) {
                transmission.whenComplete((ws, error) -> afterSend(next, error));
                return;
            }

            // Sends often complete at once; looping here instead of in the callback keeps the
            // stack flat however many frames are queued.
            transmission.whenComplete((ws, error) -> settle(next, error));
            sending.set(false);
        }
    }

    private CompletableFuture<Void> closeNow(CloseStatus status) {
        WebSocket current = socket;
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        return current.sendClose(status.code(), status.reason()).thenApply(ws -> null);
    }

    private CompletableFuture<WebSocket> transmit(Pending pending) {
        try {
            if (pending.close() != null) {
                return socket.sendClose(pending.close().code(), pending.close().reason());
            }
            return socket.sendText(pending.text(), true);
        } catch (RuntimeException e) {
            // The output is already closed.
            return CompletableFuture.failedFuture(e);
        }
    }

    private void afterSend(Pending pending, Throwable error) {
        settle(pending, error);
        sending.set(false);
        pump();
    }

    private static void settle(Pending pending, Throwable error) {
        if (error == null) {
            pending.sent().complete(null);
        } else {
            pending.sent().completeExceptionally(error);
        }
    }

    private static DuplexException closedFailure() {
        return DuplexException.connectionClosed("connection closed", null);
    }
}
