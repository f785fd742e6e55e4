package dev.duplex.gateway.routing;

import dev.duplex.gateway.routing.Channels.Callback;
import dev.duplex.gateway.routing.Channels.Incoming;
import dev.duplex.gateway.routing.Channels.Outgoing;
import dev.duplex.gateway.routing.Channels.Pending;
import dev.duplex.protocol.ErrorCodes;
import dev.duplex.protocol.Message;
import jakarta.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages between callers and backends, rewriting ids and {@code ext.route} so that many
 * callers share one backend connection. Every id map entry is freed by whoever removes it first:
 * the last reply, or the detaching of either end.
 */
final class Router {

    static final String ROUTE = "route";

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /** A request from a client: a new channel, the next message of an open one, or a notice. */
    void fromClient(ClientLink client, Message request) {
        Message tagged = request.withExtMember(ROUTE, client.route());

        if (!request.hasId()) {
            forwardNotice(client.endpoint(), tagged);
            return;
        }
        Outgoing open = client.outgoing.get(request.id());
        if (open != null) {
            open.backend().send(tagged.withId(open.backendId()));
            return;
        }
        // Only a new channel keeps the client's own ext, to give back with its replies.
        JsonObject callerExt = request.withoutExtMember(ROUTE).ext();
        openChannel(client, request.id(), callerExt, tagged, client.endpoint().pickBackend());
    }

    /**
     * Opens a caller's channel on a backend and sends its first request; with no backend
     * online, the caller gets a 503 instead.
     */
    void openChannel(Caller caller, long callerId, JsonObject callerExt, Message request,
            BackendLink backend) {
        if (backend == null) {
            caller.deliverReply(Message.error(callerId, ErrorCodes.BACKEND_UNAVAILABLE,
                    "backend unavailable", callerExt));
            return;
        }
        long backendId = backend.nextId();
        Outgoing channel = new Outgoing(backend, backendId);
        caller.channelOpened(callerId, channel);
        backend.pending.put(backendId, new Pending(caller, callerId, callerExt));

        // The backend may have detached while we picked it; its cleanup may have missed us.
        if (backend.isDetached() && backend.pending.remove(backendId) != null) {
            caller.channelEnded(callerId, channel);
            caller.deliverReply(Message.error(callerId, ErrorCodes.BACKEND_UNAVAILABLE,
                    "backend unavailable", callerExt));
            return;
        }
        // Likewise the caller, closed from another thread (too slow, no pongs, takeover).
        if (caller.isGone() && backend.pending.remove(backendId) != null) {
            caller.channelEnded(callerId, channel);
            return;
        }
        backend.send(request.withId(backendId));
    }

    /** A client's reply to a backend's call into it. */
    void replyFromClient(ClientLink client, Message reply) {
        Callback callback = reply.endsChannel()
                ? client.callbacks.remove(reply.id())
                : client.callbacks.get(reply.id());
        if (callback == null) {
            log.debug("{} client {}: dropped a reply to id {}, which is not an open call",
                    client.path(), client.connection().remoteAddress(), reply.id());
            return;
        }
        if (reply.endsChannel()) {
            callback.backend().incoming.remove(callback.backendId());
        }
        callback.backend().send(reply.withId(callback.backendId()).withExt(callback.backendExt()));
    }

    /** A reply from a backend, for the caller whose channel its id names. */
    void replyFromBackend(BackendLink backend, Message reply) {
        Pending pending = reply.endsChannel()
                ? backend.pending.remove(reply.id())
                : backend.pending.get(reply.id());
        if (pending == null) {
            log.debug("{} backend {}: dropped a reply to id {}, which no caller waits for",
                    backend.path(), backend.connection().remoteAddress(), reply.id());
            return;
        }
        if (reply.endsChannel()) {
            pending.caller().channelEnded(pending.callerId(), new Outgoing(backend, reply.id()));
        }
        pending.caller().deliverReply(
                reply.withId(pending.callerId()).withExt(pending.callerExt()));
    }

    /** A request from a backend: a call into the client its {@code ext.route} names. */
    void requestFromBackend(BackendLink backend, Message request) {
        String route = request.extString(ROUTE);
        ClientLink client = route == null ? null : backend.endpoint().clients.get(route);
        Message untagged = request.withoutExtMember(ROUTE);

        if (!request.hasId()) {
            if (client != null) {
                client.send(untagged);
            } else if (route == null) {
                log.warn("{} backend {}: dropped a notice for {} without ext.route: no client "
                        + "to give it to", backend.path(), backend.connection().remoteAddress(),
                        request.method());
            } else {
                log.debug("{} backend {}: dropped a notice for {}, client {} is gone",
                        backend.path(), backend.connection().remoteAddress(), request.method(),
                        route);
            }
            return;
        }
        Incoming open = backend.incoming.get(request.id());
        if (open != null) {
            open.client().send(untagged.withId(open.clientId()));
            return;
        }
        if (route == null) {
            backend.send(Message.error(request.id(), ErrorCodes.BAD_REQUEST,
                    "request carries no ext.route, so no client can be chosen", request.ext()));
            return;
        }
        if (client == null) {
            backend.send(Message.error(request.id(), ErrorCodes.CLIENT_NOT_CONNECTED,
                    "client not connected", request.ext()));
            return;
        }
        callClient(backend, client, request, untagged);
    }

    private void callClient(BackendLink backend, ClientLink client, Message request,
            Message untagged) {
        long clientId = client.nextId();
        client.callbacks.put(clientId, new Callback(backend, request.id(), request.ext()));
        backend.incoming.put(request.id(), new Incoming(client, clientId));

        if (client.isDetached() && client.callbacks.remove(clientId) != null) {
            backend.incoming.remove(request.id());
            backend.send(Message.error(request.id(), ErrorCodes.CLIENT_NOT_CONNECTED,
                    "client not connected", request.ext()));
            return;
        }
        client.send(untagged.withId(clientId));
    }

    private void forwardNotice(Endpoint endpoint, Message notice) {
        BackendLink backend = endpoint.pickBackend();
        if (backend == null) {
            log.debug("{}: dropped a notice for {}, no backend online",
                    endpoint.path(), notice.method());
            return;
        }
        backend.send(notice);
    }

    /** Fails every channel that was in flight on a backend that left. */
    void backendLeft(BackendLink backend) {
        for (Long backendId : backend.pending.keySet()) {
            Pending pending = backend.pending.remove(backendId);
            if (pending != null) {
                pending.caller().channelEnded(pending.callerId(), new Outgoing(backend, backendId));
                pending.caller().deliverReply(Message.error(pending.callerId(),
                        ErrorCodes.BACKEND_UNAVAILABLE, "backend unavailable",
                        pending.callerExt()));
            }
        }
        for (Long backendId : backend.incoming.keySet()) {
            Incoming call = backend.incoming.remove(backendId);
            if (call != null) {
                call.client().callbacks.remove(call.clientId());
            }
        }
    }

    /** Forgets a client's channels; the backend's calls into it get 404 instead of silence. */
    void clientLeft(ClientLink client) {
        for (Long clientId : client.outgoing.keySet()) {
            Outgoing open = client.outgoing.remove(clientId);
            if (open != null) {
                open.backend().pending.remove(open.backendId());
            }
        }
        for (Long clientId : client.callbacks.keySet()) {
            Callback callback = client.callbacks.remove(clientId);
            if (callback != null) {
                callback.backend().incoming.remove(callback.backendId());
                callback.backend().send(Message.error(callback.backendId(),
                        ErrorCodes.CLIENT_NOT_CONNECTED, "client not connected",
                        callback.backendExt()));
            }
        }
    }
}
