package dev.duplex.gateway.web;

import dev.duplex.gateway.config.Credential;
import dev.duplex.gateway.config.GatewayConfig;
import dev.duplex.gateway.routing.BackendLink;
import dev.duplex.gateway.routing.ClientLink;
import dev.duplex.gateway.routing.Endpoint;
import dev.duplex.gateway.routing.Gateway;
import dev.duplex.gateway.routing.Link;
import dev.duplex.protocol.Handshake;
import dev.duplex.protocol.MalformedMessageException;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway WebSocket, backend or client, from the Duplex handshake to the close. Created per
 * connection by {@link UpgradeHandler} once every check has passed.
 *
 * <p>The container delivers one frame at a time per session, so the fields set during the
 * handshake are only written by that delivery thread; {@code link} is volatile for the close.
 */
public final class SocketEndpoint extends jakarta.websocket.Endpoint {

    private static final Logger log = LoggerFactory.getLogger(SocketEndpoint.class);

    private final Gateway gateway;
    private final Role role;
    private final String path;
    private final String remoteAddress;
    private final Credential backendSecret;
    private final Endpoint endpoint;
    private final Gateway.Admission admission;
    private final Executor background;

    /** "path role address": how every log line about this socket starts. */
    private final String label;

    private SocketConnection connection;
    private volatile Link link;
    private volatile long lastPongNanos = System.nanoTime();
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> pinger;

    private SocketEndpoint(Gateway gateway, Role role, String path, String remoteAddress,
            Credential backendSecret, Endpoint endpoint, Gateway.Admission admission,
            Executor background) {
        this.gateway = gateway;
        this.role = role;
        this.path = path;
        this.remoteAddress = remoteAddress;
        this.backendSecret = backendSecret;
        this.endpoint = endpoint;
        this.admission = admission;
        this.background = background;
        this.label = path + " " + role + " " + remoteAddress;
    }

    static SocketEndpoint backend(Gateway gateway, String path, String remoteAddress,
            Credential secret, Executor background) {
        return new SocketEndpoint(gateway, Role.BACKEND, path, remoteAddress, secret, null, null,
                background);
    }

    static SocketEndpoint client(Gateway gateway, Endpoint endpoint, String remoteAddress,
            Gateway.Admission admission, Executor background) {
        return new SocketEndpoint(gateway, Role.CLIENT, endpoint.path(), remoteAddress, null,
                endpoint, admission, background);
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        GatewayConfig settings = gateway.config();
        session.setMaxTextMessageBufferSize(role == Role.BACKEND
                ? settings.maxBackendMessageBytes()
                : settings.maxMessageBytes());
        session.setMaxIdleTimeout(settings.pingInterval().toMillis() * 3);
        connection = new SocketConnection(session, label, remoteAddress,
                settings.maxQueuedBytes(), settings.debug(), gateway.scheduler(), background);

        connection.onClosing(this::detach);
        session.getAsyncRemote().setSendTimeout(settings.pingInterval().toMillis() * 3);
        session.addMessageHandler(new TextHandler(this));
        session.addMessageHandler(new PongHandler(this));

        long handshakeMillis = settings.handshakeTimeout().toMillis();
        handshakeTimer = gateway.scheduler().schedule(() -> connection.close(1008,
                "no Duplex handshake within " + handshakeMillis + " ms"),
                handshakeMillis, TimeUnit.MILLISECONDS);
        long pingMillis = settings.pingInterval().toMillis();
        pinger = gateway.scheduler().scheduleAtFixedRate(() -> ping(session),
                pingMillis, pingMillis, TimeUnit.MILLISECONDS);
        log.info("{}: connected", label);
    }

    private void onText(String frame) {
        if (frame.isEmpty()) {
            return;
        }
        if (gateway.config().debug()) {
            FrameLog.received(label, frame);
        }
        Link attached = link;
        if (attached == null) {
            handshake(frame);
            return;
        }
        Message message;
        try {
            message = MessageCodec.decode(frame);
        } catch (MalformedMessageException e) {
            refuseFrame(e.getMessage());
            return;
        }
        try {
            if (attached instanceof BackendLink backend) {
                gateway.fromBackend(backend, message);
            } else {
                gateway.fromClient((ClientLink) attached, message);
            }
        } catch (RuntimeException e) {
            // A bug of ours must cost one message, never the connection and everyone on it.
            log.warn("{}: could not route a {} message", label, message.type().wireName(), e);
        }
    }

    private void handshake(String frame) {
        // One try: after a refusal the socket is closing, and a second hello must not attach.
        if (connection.isClosing()) {
            return;
        }
        String refusal = Handshake.refusalFor(frame);
        if (refusal != null) {
            connection.sendText(Handshake.refusal(refusal));
            connection.resume();
            connection.close(1002, refusal);
            return;
        }
        handshakeTimer.cancel(false);

        connection.sendText(Handshake.ACCEPTED);
        Link attached = role == Role.BACKEND
                ? gateway.attachBackend(path, backendSecret, connection)
                : gateway.attachClient(endpoint, admission, connection);
        connection.resume();
        if (attached == null) {
            connection.close(1001, "endpoint removed, taken over or full since the upgrade");
            return;
        }
        link = attached;

        // A close that began during the attach (handshake limit, takeover) found no link.
        if (connection.isClosing()) {
            gateway.detach(attached);
        }
    }

    /** Takes this socket out of routing; safe to call more than once. */
    private void detach() {
        Link attached = link;
        if (attached != null) {
            gateway.detach(attached);
        }
    }

    private void refuseFrame(String problem) {
        if (role == Role.CLIENT) {
            log.info("{}: closing, sent a frame that is not a Duplex message: {}", label,
                    problem);
            connection.close(1007, "not a Duplex message: " + problem);
        } else {
            log.warn("{}: dropped a frame that is not a Duplex message: {}", label, problem);
        }
    }

    private void ping(Session session) {
        long silentNanos = System.nanoTime() - lastPongNanos;
        long limitNanos = gateway.config().pingInterval().toNanos() * 2;
        if (silentNanos > limitNanos + TimeUnit.SECONDS.toNanos(1)) {
            log.info("{}: closing, no answer to pings for {} s", label,
                    TimeUnit.NANOSECONDS.toSeconds(silentNanos));
            connection.close(1001, "no answer to pings");
            return;
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
            log.debug("{}: ping failed: {}", label, e.toString());
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        stopTimers();
        detach();
        log.info("{}: closed {} {}", label, reason.getCloseCode().getCode(),
                reason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable failure) {
        if (NetworkFailures.isExpected(failure)) {
            log.debug("{}: connection failed: {}", label, failure.toString());
        } else {
            log.warn("{}: unexpected failure", label, failure);
        }
    }

    private void stopTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (pinger != null) {
            pinger.cancel(false);
        }
    }

    /*
     * Message handlers are public named classes: inside a web application, Jetty may only call
     * handler methods it can reach with a public lookup.
     */

    /** Hands each text frame to its socket. */
    public static final class TextHandler implements MessageHandler.Whole<String> {

        private final SocketEndpoint socket;

        TextHandler(SocketEndpoint socket) {
            this.socket = socket;
        }

        @Override
        public void onMessage(String frame) {
            socket.onText(frame);
        }
    }

    /** Notes that the peer answered a ping. */
    public static final class PongHandler implements MessageHandler.Whole<PongMessage> {

        private final SocketEndpoint socket;

        PongHandler(SocketEndpoint socket) {
            this.socket = socket;
        }

        @Override
        public void onMessage(PongMessage pong) {
            socket.lastPongNanos = System.nanoTime();
        }
    }

}
