package dev.duplex.peer;

import dev.duplex.protocol.Handshake;
import dev.duplex.protocol.MalformedMessageException;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket under a peer: opens it, runs the Duplex handshake, turns frames into messages
 * for the {@link Dispatcher}, and reports the end of the connection once.
 *
 * <p>The listener methods run one at a time on the HTTP client's threads and never block.
 */
final class Connection implements WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** How long a close waits for the other side's close frame before dropping the socket. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** The longest refusal body worth repeating in an exception message. */
    private static final int MAX_REASON_CHARS = 200;

    private final Dispatcher dispatcher;
    private final Outbox outbox;

    // The URI without user info and query, which may hold a token or a secret: safe to log.
    private final String address;

    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private volatile WebSocket socket;

    // Owned by the listener thread.
    private final StringBuilder partial = new StringBuilder();
    private boolean handshakeAnswered;
    private CompletableFuture<WebSocket> helloSent;

    Connection(Dispatcher dispatcher, Outbox outbox, URI uri) {
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.address = uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
    }

    /** Opens the WebSocket and sends the handshake; completes on the other side's "+OK". */
    CompletableFuture<Void> open(URI uri, PeerOptions options) {
        WebSocket.Builder builder = options.httpClient().newWebSocketBuilder()
                .connectTimeout(options.connectTimeout());
        options.headers().forEach(builder::header);

        builder.buildAsync(uri, this).whenComplete((webSocket, error) -> {
            if (error != null) {
                accepted.completeExceptionally(openFailure(unwrap(error)));
                finish(new CloseStatus(CloseStatus.ABNORMAL, "not opened"));
            }
        });
        return accepted;
    }

    String address() {
        return address;
    }

    CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    /**
     * Sends a close frame after the frames already queued. Calls still waiting fail now, not
     * when the other side answers; an answer that does not come in time ends the wait.
     */
    void close(CloseStatus status) {
        if (closed.isDone()) {
            return;
        }

        dispatcher.onClosed();
        outbox.close(status);
        CompletableFuture.delayedExecutor(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> abort(status));
    }

    /** Drops the connection without a close handshake. */
    void abort(CloseStatus status) {
        WebSocket current = socket;
        if (current != null && !closed.isDone()) {
            current.abort();
        }
        finish(status);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        outbox.attach(webSocket);
        helloSent = webSocket.sendText(Handshake.HELLO, true);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            onFrame(frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        log.debug("{}: ignored a binary frame, which the JSON codec does not use", address);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finish(new CloseStatus(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (error instanceof IOException) {
            log.info("{}: connection lost: {}", address, error.toString());
        } else {
            log.warn("{}: connection failed", address, error);
        }
        finish(new CloseStatus(CloseStatus.ABNORMAL, error.toString()));
    }

    private void onFrame(String frame) {
        if (frame.isEmpty()) {
            return;
        }
        if (!handshakeAnswered) {
            handshakeAnswered = true;
            onHandshakeAnswer(frame);
            return;
        }

        Message message;
        try {
            message = MessageCodec.decode(frame);
        } catch (MalformedMessageException e) {
            // The content stays out of the log: payloads may hold anything.
            log.warn("{}: ignored a frame of {} chars that is not a Duplex message: {}",
                    address, frame.length(), e.getMessage());
            return;
        }
        dispatcher.onMessage(message);
    }

    private void onHandshakeAnswer(String frame) {
        if (frame.equals(Handshake.ACCEPTED)) {
            log.debug("{}: connected", address);

            // The outbox may send only once the hello is out: the JDK allows one send at a time.
            helloSent.whenComplete((webSocket, error) -> {
                outbox.release();
                accepted.complete(null);
            });
            return;
        }

        String reason = Handshake.isRefusal(frame)
                ? frame.substring(1)
                : "expected " + Handshake.ACCEPTED + " or a refusal, got another answer";
        accepted.completeExceptionally(
                new DuplexException(DuplexException.HANDSHAKE_REFUSED, reason));
        close(new CloseStatus(WebSocket.NORMAL_CLOSURE, ""));
    }

    private void finish(CloseStatus status) {
        if (!closed.complete(status)) {
            return;
        }

        accepted.completeExceptionally(DuplexException.connectionClosed(
                "connection closed before the handshake answer (" + status.code() + ")", null));
        outbox.abort();
        dispatcher.onClosed();
        log.info("{}: connection closed with {} {}", address, status.code(), status.reason());
    }

    private DuplexException openFailure(Throwable error) {
        if (error instanceof WebSocketHandshakeException) {
            HttpResponse<?> response = ((WebSocketHandshakeException) error).getResponse();
            return DuplexException.refusedUpgrade(response.statusCode(),
                    "the server refused the WebSocket upgrade to " + address + " with HTTP "
                    + response.statusCode() + reasonIn(response));
        }
        if (error instanceof HttpTimeoutException) {
            return DuplexException.timeout("no WebSocket upgrade from " + address + " in time");
        }
        return DuplexException.connectionClosed("cannot connect to " + address, error);
    }

    // A gateway explains a refusal in a short plain-text body; anything else is left out.
    private static String reasonIn(HttpResponse<?> response) {
        if (!(response.body() instanceof String)) {
            return "";
        }
        String body = ((String) response.body()).strip();
        if (body.isEmpty() || body.length() > MAX_REASON_CHARS || body.contains("\n")) {
            return "";
        }
        return ": " + body;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
    }
}
