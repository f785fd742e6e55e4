package dev.duplex.gateway.routing;

import dev.duplex.gateway.routing.Channels.Incoming;
import dev.duplex.gateway.routing.Channels.Pending;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A backend's connection. Its maps hold every channel that runs over it, so a backend that
 * leaves can fail exactly the calls that were in flight on it.
 */
public final class BackendLink extends Link {

    /** Callers' channels, by the id the gateway gave them on this connection. */
    final ConcurrentMap<Long, Pending> pending = new ConcurrentHashMap<>();

    /** This backend's own calls into clients, by the backend's id. */
    final ConcurrentMap<Long, Incoming> incoming = new ConcurrentHashMap<>();

    BackendLink(Endpoint endpoint, Connection connection) {
        super(endpoint, connection);
    }

    /** The path of the endpoint this backend serves. */
    public String path() {
        return endpoint().path();
    }

    int openChannels() {
        return pending.size() + incoming.size();
    }
}
