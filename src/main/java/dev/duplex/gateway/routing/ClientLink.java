package dev.duplex.gateway.routing;

import dev.duplex.gateway.routing.Channels.Callback;
import dev.duplex.gateway.routing.Channels.Outgoing;
import dev.duplex.protocol.Message;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A WebSocket client's connection to an endpoint. */
public final class ClientLink extends Link implements Caller {

    /** The client's open request channels, by the client's own id. */
    final ConcurrentMap<Long, Outgoing> outgoing = new ConcurrentHashMap<>();

    /** Backend calls into this client, by the id the gateway gave them on this connection. */
    final ConcurrentMap<Long, Callback> callbacks = new ConcurrentHashMap<>();

    private final String route;

    ClientLink(Endpoint endpoint, Connection connection, String route) {
        super(endpoint, connection);
        this.route = route;
    }

    /** The path of the endpoint this client uses. */
    public String path() {
        return endpoint().path();
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public boolean isGone() {
        return isDetached();
    }

    @Override
    public void deliverReply(Message reply) {
        send(reply);
    }

    @Override
    public void channelOpened(long callerId, Outgoing channel) {
        outgoing.put(callerId, channel);
    }

    @Override
    public void channelEnded(long callerId, Outgoing channel) {
        outgoing.remove(callerId, channel);
    }

    int openChannels() {
        return outgoing.size() + callbacks.size();
    }
}
