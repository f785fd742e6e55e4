package dev.duplex.gateway.routing;

import dev.duplex.protocol.Message;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One attached WebSocket and the routing state that lives exactly as long as it does. */
public abstract class Link {

    private final Endpoint endpoint;
    private final Connection connection;
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicBoolean detached = new AtomicBoolean();

    Link(Endpoint endpoint, Connection connection) {
        this.endpoint = endpoint;
        this.connection = connection;
    }

    final Endpoint endpoint() {
        return endpoint;
    }

    final Connection connection() {
        return connection;
    }

    final void send(Message message) {
        connection.send(message);
    }

    /** A request id unique on this link's connection, for channels the gateway opens on it. */
    final long nextId() {
        return lastId.incrementAndGet();
    }

    /** Marks the link detached; true only for the first call, who then cleans up. */
    final boolean markDetached() {
        return detached.compareAndSet(false, true);
    }

    final boolean isDetached() {
        return detached.get();
    }
}
