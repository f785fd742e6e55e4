package dev.duplex.bench;

import dev.duplex.protocol.Handshake;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket of the echo backend, on Jetty's Jakarta WebSocket in both of its roles: the
 * connection it dials to the gateway, and each connection a client opens to it directly. The
 * echo work is identical in both, so the benchmark compares transports, not backends.
 *
 * <p>Replies go out as asynchronous sends without waiting for the previous one: Jetty queues
 * them and writes what has gathered in one go, which keeps the backend cheap next to the
 * gateway on a shared machine.
 */
public final class EchoSocket extends Endpoint {

    /** Larger than any frame the benchmark sends, and than the gateway's 1 MiB default. */
    static final int MAX_FRAME_CHARS = 2 << 20;

    private final boolean dialled;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    // Written and read by the delivery thread, which Jetty runs one frame at a time.
    private boolean handshakeDone;
    private Session session;

    private EchoSocket(boolean dialled) {
        this.dialled = dialled;
    }

    /** The side that opened the connection: it sends the handshake. */
    static EchoSocket dialling() {
        return new EchoSocket(true);
    }

    /** The side that accepted the connection: it answers the handshake. */
    static EchoSocket accepting() {
        return new EchoSocket(false);
    }

    /** Completes once the Duplex handshake is done. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public void onOpen(Session opened, EndpointConfig config) {
        session = opened;
        session.setMaxTextMessageBufferSize(MAX_FRAME_CHARS);
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(new Frames(this));
        if (dialled) {
            send(Handshake.HELLO);
        }
    }

    @Override
    public void onClose(Session closed, CloseReason reason) {
        ready.completeExceptionally(new IllegalStateException("closed: " + reason));
        if (dialled) {
            // The gateway connection is the backend's reason to live.
            System.out.println("gateway connection closed: " + reason);
        }
    }

    @Override
    public void onError(Session failed, Throwable failure) {
        ready.completeExceptionally(failure);
    }

    private void onFrame(String frame) {
        if (handshakeDone) {
            EchoService.answer(frame, this::send);
            return;
        }
        handshakeDone = true;
        if (!dialled) {
            send(Handshake.ACCEPTED);
            ready.complete(null);
        } else if (frame.equals(Handshake.ACCEPTED)) {
            ready.complete(null);
        } else {
            ready.completeExceptionally(new IllegalStateException("refused: " + frame));
        }
    }

    private void send(String frame) {
        session.getAsyncRemote().sendText(frame, Sent.REPORT);
    }

    /** Public: Jetty calls message handlers through a public lookup. */
    public static final class Frames implements MessageHandler.Whole<String> {

        private final EchoSocket socket;

        Frames(EchoSocket socket) {
            this.socket = socket;
        }

        @Override
        public void onMessage(String frame) {
            socket.onFrame(frame);
        }
    }

    /** Reports failed writes; one shared instance, since success needs no work. */
    private static final class Sent implements SendHandler {

        static final Sent REPORT = new Sent();

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                System.out.println("write failed: " + result.getException());
            }
        }
    }
}
