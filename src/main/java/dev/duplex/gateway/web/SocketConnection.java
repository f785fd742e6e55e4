package dev.duplex.gateway.web;

import dev.duplex.gateway.routing.Connection;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one session's outbound frames, one at a time: containers refuse (Tomcat) or must
 * queue (Jetty) concurrent sends on one session. Senders only enqueue, so a slow peer never
 * blocks the thread routing for someone else; past {@code maxQueuedBytes} the peer is closed.
 */
final class SocketConnection implements Connection {

    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);

    /** Completions that arrive on the sending thread recurse; past this depth, hand off. */
    private static final int MAX_INLINE_DEPTH = 8;

    /** How long a closing connection may take to write what was queued before the close. */
    private static final long CLOSE_GRACE_MILLIS = 5_000;

    private static final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    private final Session session;
    private final String label;
    private final String remoteAddress;
    private final long maxQueuedBytes;
    private final boolean logFrames;
    private final ScheduledExecutorService scheduler;
    private final Executor background;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseReason pendingClose;

    /** Told once when this connection starts closing, so routing stops using it at once. */
    private volatile Runnable closingListener = () -> { };

    /** Set until the handshake answer is queued and the link attached; see {@link #resume}. */
    private volatile boolean paused = true;

    SocketConnection(Session session, String label, String remoteAddress, long maxQueuedBytes,
            boolean logFrames, ScheduledExecutorService scheduler, Executor background) {
        this.session = session;
        this.label = label;
        this.remoteAddress = remoteAddress;
        this.maxQueuedBytes = maxQueuedBytes;
        this.logFrames = logFrames;
        this.scheduler = scheduler;
        this.background = background;
    }

    @Override
    public void send(Message message) {
        sendText(MessageCodec.encode(message));
    }

    /** Queues a raw frame: handshake answers, or an encoded message. */
    void sendText(String frame) {
        if (closing.get()) {
            return;
        }
        long size = sizeOf(frame);
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            closeNow(1008, "too slow: more than " + maxQueuedBytes + " bytes waiting to be sent");
            return;
        }
        if (logFrames) {
            FrameLog.sent(label, frame);
        }
        queue.add(frame);
        drain();
    }

    /**
     * Closes after the frames already queued are written (error replies, a refusal), or after
     * {@link #CLOSE_GRACE_MILLIS} if the peer does not take them.
     */
    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        pendingClose = new CloseReason(CloseReason.CloseCodes.getCloseCode(code),
                CloseReasons.truncate(reason));
        closingListener.run();
        paused = false;
        scheduler.schedule(() -> closeNow(pendingClose), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        drain();
    }

    /** Closes at once, dropping whatever is queued: for a peer that does not read. */
    void closeNow(int code, String reason) {
        closing.set(true);
        closingListener.run();
        closeNow(new CloseReason(CloseReason.CloseCodes.getCloseCode(code),
                CloseReasons.truncate(reason)));
    }

    private void closeNow(CloseReason reason) {
        if (closed.getAndSet(true)) {
            return;
        }
        queue.clear();
        // Not on the caller's thread: that is often another peer's reader, and a container may
        // block a close behind a write that a stalled peer never takes (Tomcat does).
        background.execute(() -> closeSession(reason));
    }

    private void closeSession(CloseReason reason) {
        try {
            session.close(reason);
            // A peer that takes nothing will not answer the close frame either: give up soon.
            session.setMaxIdleTimeout(CLOSE_GRACE_MILLIS);
        } catch (IOException | RuntimeException e) {
            log.debug("{}: close failed, the connection is already gone: {}", label, e.toString());
        }
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    boolean isClosing() {
        return closing.get();
    }

    void onClosing(Runnable listener) {
        closingListener = listener;
    }

    /**
     * Starts writing. A new connection holds its frames until the handshake is done, so that
     * the gateway can attach a backend before the backend sees {@code +OK}, while every message
     * routed to it still follows {@code +OK} on the wire.
     */
    void resume() {
        paused = false;
        drain();
    }

    private void drain() {
        while (!paused && writing.compareAndSet(false, true)) {
            String frame = queue.poll();
            if (frame != null) {
                write(frame);
                return;
            }
            writing.set(false);
            if (queue.isEmpty()) {
                closeIfAsked();
                return;
            }
        }
    }

    private void closeIfAsked() {
        CloseReason reason = pendingClose;
        if (reason != null && !writing.get() && queue.isEmpty()) {
            closeNow(reason);
        }
    }

    private void write(String frame) {
        try {
            session.getAsyncRemote().sendText(frame, result -> written(frame, result));
        } catch (RuntimeException e) {
            written(frame, new SendResult(e));
        }
    }

    private void written(String frame, SendResult result) {
        queuedBytes.addAndGet(-sizeOf(frame));
        writing.set(false);
        if (!result.isOK()) {
            log.debug("{}: write failed, closing: {}", label, result.getException());
            closeNow(1011, "write failed");
            return;
        }
        int[] level = depth.get();
        if (level[0] >= MAX_INLINE_DEPTH) {
            background.execute(this::drain);
            return;
        }
        level[0]++;
        try {
            drain();
        } finally {
            level[0]--;
        }
    }

    /**
     * The size a frame counts for against the limit: its length in characters, which is its
     * size in bytes for the ASCII that JSON mostly is, without encoding it twice.
     */
    private static long sizeOf(String frame) {
        return frame.length();
    }
}
