package dev.duplex.gateway.web;

import dev.duplex.gateway.config.Credential;
import dev.duplex.gateway.routing.Endpoint;
import dev.duplex.gateway.routing.Gateway;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Checks a WebSocket request in the contract's order and refuses it with its exact status, or
 * upgrades it. Refusals happen before the upgrade because a browser shows nothing after it.
 */
final class UpgradeHandler {

    private final Gateway gateway;
    private final ServerContainer container;
    private final Executor background;

    /** @param background runs socket work that may block: handoffs and closes */
    UpgradeHandler(Gateway gateway, ServerContainer container, Executor background) {
        this.gateway = gateway;
        this.container = container;
        this.background = background;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException, ServletException {
        String token = Requests.queryParameter(request, "token");
        String secret = Requests.queryParameter(request, "secret");

        if (token != null) {
            publish(request, response, path, token, secret);
            return;
        }
        Endpoint endpoint = gateway.endpoint(path);
        if (endpoint == null || Requests.isReserved(path)) {
            Refusals.refuse(response, 404, "endpoint not found: " + path);
            return;
        }
        Gateway.Admission admission = gateway.admitClient(endpoint, secret);
        if (admission == null) {
            Refusals.refuse(response, 401, "invalid secret");
            return;
        }
        if (!Requests.isWebSocketUpgrade(request)) {
            refuseUpgradeRequired(response);
            return;
        }
        if (!gateway.hasRoomForClient(endpoint)) {
            Refusals.refuse(response, 503, "endpoint has its maximum of "
                    + gateway.config().maxClientsPerEndpoint() + " clients");
            return;
        }
        upgrade(request, response, SocketEndpoint.client(gateway, endpoint,
                Requests.remoteAddress(request), admission, background));
    }

    private void publish(HttpServletRequest request, HttpServletResponse response, String path,
            String token, String secret) throws IOException, ServletException {
        if (!gateway.config().token().matches(token)) {
            Refusals.refuse(response, 401, "invalid token");
            return;
        }
        if (secret == null || secret.isEmpty()) {
            Refusals.refuse(response, 400, "missing secret: publish with ?token=...&secret=...");
            return;
        }
        if (path.equals("/") || Requests.isReserved(path)) {
            Refusals.refuse(response, 400, "cannot publish at " + path
                    + ": the root and " + Requests.RESERVED_PREFIX + " belong to the gateway");
            return;
        }
        if (!Requests.isWebSocketUpgrade(request)) {
            refuseUpgradeRequired(response);
            return;
        }
        upgrade(request, response, SocketEndpoint.backend(gateway, path,
                Requests.remoteAddress(request), Credential.of(secret), background));
    }

    private static void refuseUpgradeRequired(HttpServletResponse response) throws IOException {
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        Refusals.refuse(response, 426, "Upgrade Required: open a WebSocket to this endpoint, "
                + "or POST to <endpoint>/<method> to call a method");
    }

    private void upgrade(HttpServletRequest request, HttpServletResponse response,
            SocketEndpoint socket) throws IOException, ServletException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder
                .create(SocketEndpoint.class, "/")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(socket);
                    }
                })
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket upgrade failed", e);
        }
    }
}
