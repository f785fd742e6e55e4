package dev.duplex.gateway.routing;

import dev.duplex.protocol.Message;

/**
 * The routing core's view of one WebSocket: the web layer implements it. Sending never blocks
 * the caller; frames are queued and written one at a time.
 */
public interface Connection {

    /** Queues a message to be written. */
    void send(Message message);

    /** Closes the connection with a WebSocket close code; the web layer then detaches it. */
    void close(int code, String reason);

    /** The peer's address, for logs. */
    String remoteAddress();
}
