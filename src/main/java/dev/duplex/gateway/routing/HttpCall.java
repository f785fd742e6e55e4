package dev.duplex.gateway.routing;

import dev.duplex.gateway.routing.Channels.Outgoing;
import dev.duplex.protocol.Message;

/**
 * One HTTP caller's call: a caller with a single channel (id 1) that cannot be called back.
 * The web layer cancels it when the HTTP caller hangs up or its time limit runs out.
 */
public final class HttpCall implements Caller {

    static final long CALL_ID = 1;

    private final String route;
    private final ReplyListener listener;
    private volatile Outgoing channel;
    private volatile boolean cancelled;

    HttpCall(String route, ReplyListener listener) {
        this.route = route;
        this.listener = listener;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public boolean isGone() {
        return cancelled;
    }

    @Override
    public void deliverReply(Message reply) {
        listener.onReply(reply);
    }

    @Override
    public void channelOpened(long callerId, Outgoing opened) {
        channel = opened;
    }

    @Override
    public void channelEnded(long callerId, Outgoing ended) {
        channel = null;
    }

    /** Forgets the call: later replies from the backend are dropped. */
    public void cancel() {
        cancelled = true;
        Outgoing open = channel;
        if (open != null) {
            open.backend().pending.remove(open.backendId());
            channel = null;
        }
    }
}
