package dev.duplex.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.protocol.Handshake;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server's end of one connection, played by the test: it records every text frame the peer
 * sends and sends frames written by hand, shaped like those of the Go, Python and JavaScript
 * peers.
 *
 * <p>In the frames given to {@link #send} and {@link #expect}, single quotes stand for double
 * quotes, so that JSON reads cleanly in Java strings.
 */
public final class ScriptedSide extends Endpoint {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private volatile Session session;

    @Override
    public void onOpen(Session newSession, EndpointConfig config) {
        session = newSession;
        newSession.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
    }

    @Override
    public void onClose(Session closedSession, CloseReason reason) {
        closed.complete(reason);
    }

    @Override
    public void onError(Session failedSession, Throwable error) {
        closed.complete(
                new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, error.toString()));
    }

    /** How the connection ended, once it has. */
    CloseReason closeReason() throws Exception {
        return closed.get(ScriptedServer.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Expects the peer's hello and accepts it. */
    void acceptHandshake() throws Exception {
        assertThat(next()).isEqualTo(Handshake.HELLO);
        sendRaw(Handshake.ACCEPTED);
    }

    /** Sends one frame. */
    void send(String frame) throws IOException {
        sendRaw(frame.replace('\'', '"'));
    }

    synchronized void sendRaw(String frame) throws IOException {
        session.getBasicRemote().sendText(frame);
    }

    /** Sends one frame as several WebSocket fragments, cut at the given lengths. */
    synchronized void sendFragmented(String frame, int... cuts) throws IOException {
        String text = frame.replace('\'', '"');
        int start = 0;
        for (int cut : cuts) {
            session.getBasicRemote().sendText(text.substring(start, cut), false);
            start = cut;
        }
        session.getBasicRemote().sendText(text.substring(start), true);
    }

    /** Asserts that the next frame the peer sends is exactly {@code frame}. */
    void expect(String frame) throws InterruptedException {
        assertThat(next()).isEqualTo(frame.replace('\'', '"'));
    }

    /** The next frame the peer sends; fails the test if none comes in time. */
    String next() throws InterruptedException {
        String frame = received.poll(ScriptedServer.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(frame).as("a frame from the peer").isNotNull();
        return frame;
    }

    /** Asserts that the peer sends nothing for a while. */
    void expectSilence(Duration wait) throws InterruptedException {
        assertThat(received.poll(wait.toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }

    void close(int code, String reason) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    }
}
