package dev.duplex.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for tests that sends and records raw text frames, so a test can assert
 * exactly what crossed the wire. Every wait has a timeout.
 */
public final class RawSocket implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** The close code and reason a socket was closed with; code 1006 if the connection broke. */
    public record CloseStatus(int code, String reason) {
    }

    private RawSocket(URI uri, HttpClient http) {
        this.socket = http.newWebSocketBuilder()
                .connectTimeout(WAIT)
                .buildAsync(uri, new Recorder())
                .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** Opens a WebSocket; fails with a {@link CompletionException} if the upgrade is refused. */
    public static RawSocket open(URI uri) {
        return new RawSocket(uri, HTTP);
    }

    public static RawSocket open(URI uri, HttpClient http) {
        return new RawSocket(uri, http);
    }

    /** Opens a WebSocket and completes the Duplex handshake. */
    public static RawSocket handshaken(URI uri) {
        RawSocket socket = open(uri);
        socket.send("SIMPLEX/1.0;json");
        String answer = socket.next();
        if (!answer.equals("+OK")) {
            throw new AssertionError("handshake refused: " + answer);
        }
        return socket;
    }

    public RawSocket send(String frame) {
        socket.sendText(frame, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    /** The next frame received; fails the test if none comes in time. */
    public String next() {
        return next(WAIT);
    }

    public String next(Duration wait) {
        try {
            String frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + wait + closeNote());
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** The next frame if one comes within {@code wait}, else {@code null}. */
    public String poll(Duration wait) {
        try {
            return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits for the server to close the socket and says how. */
    public CloseStatus closeStatus() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Whether a frame is waiting to be read with {@link #next()}. */
    public boolean hasFrame() {
        return !frames.isEmpty();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
            socket.abort();
        }
    }

    private String closeNote() {
        return closed.isDone() ? " (socket closed: " + closed.join() + ")" : "";
    }

    private final class Recorder implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new CloseStatus(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new CloseStatus(1006, String.valueOf(error)));
        }
    }
}
