package dev.duplex.gateway.routing;

import dev.duplex.gateway.routing.Channels.Outgoing;
import dev.duplex.protocol.Message;

/**
 * Whoever opened a request channel to a backend and waits for its replies: a WebSocket client
 * or an HTTP caller.
 */
interface Caller {

    /** The opaque key the backend sees as {@code ext.route}. */
    String route();

    /** Whether the caller is gone: a detached client, a cancelled HTTP call. */
    boolean isGone();

    /** Delivers a reply, already carrying the caller's own id and {@code ext}. */
    void deliverReply(Message reply);

    /** Remembers a channel opened on a backend, before its first request is sent. */
    void channelOpened(long callerId, Outgoing channel);

    /** Forgets a channel: its last reply is being delivered, or it failed. */
    void channelEnded(long callerId, Outgoing channel);
}
