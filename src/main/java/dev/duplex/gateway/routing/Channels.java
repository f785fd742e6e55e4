package dev.duplex.gateway.routing;

import jakarta.json.JsonObject;

/** The entries of the id maps that tie a channel's two ends together. */
final class Channels {

    private Channels() {
    }

    /**
     * A caller's request channel as the backend knows it: kept by the backend link under the id
     * the gateway gave the channel there.
     *
     * @param callerExt the {@code ext} the caller sent, without {@code route}; may be null
     */
    record Pending(Caller caller, long callerId, JsonObject callerExt) {
    }

    /** A client's open request channel: kept by the client link under the client's own id. */
    record Outgoing(BackendLink backend, long backendId) {
    }

    /**
     * A backend's call into a client (a callback or a push): kept by the client link under the
     * id the gateway gave the call on the client's connection.
     */
    record Callback(BackendLink backend, long backendId, JsonObject backendExt) {
    }

    /** The same call as the backend knows it: kept by the backend link under its own id. */
    record Incoming(ClientLink client, long clientId) {
    }
}
