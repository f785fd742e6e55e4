package dev.duplex.gateway.web;

import dev.duplex.gateway.routing.Gateway;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The front door, mapped to every path: the TLS check, then WebSocket opens (GET), HTTP calls
 * (POST), CORS preflights (OPTIONS) and the gateway's own pages under {@code /_gateway/}.
 * Endpoints have paths of any depth, which no {@code @ServerEndpoint} template can express.
 */
final class GatewayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS";

    private final transient Gateway gateway;
    private final transient Cors cors;
    private final transient UpgradeHandler upgrades;
    private final transient CallHandler calls;
    private final transient GatewayPages pages;

    GatewayServlet(Gateway gateway, UpgradeHandler upgrades, CallHandler calls,
            GatewayPages pages) {
        this.gateway = gateway;
        this.cors = new Cors(gateway.config().corsOrigins());
        this.upgrades = upgrades;
        this.calls = calls;
        this.pages = pages;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = Requests.path(request);
        String method = request.getMethod();

        // Every answer, not only a call's: a page learns why its WebSocket was refused only by
        // reading the refusal, and imports the browser client from here as a module. A forward
        // to the console's file comes back here with the headers already set.
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            cors.allow(request, response);
        }

        // Platform health checks call from inside, without TLS.
        if (pages.isHealthCheck(method, path) && !Requests.isWebSocketUpgrade(request)) {
            pages.health(response);
            return;
        }
        if (!Requests.isSecure(request) && !gateway.config().plainHttpAllowed()) {
            Refusals.refuse(response, 403, "TLS required: use https:// or wss://");
            return;
        }
        switch (method) {
            case "GET":
            case "HEAD":
                get(request, response, path);
                break;
            case "POST":
                calls.handle(request, response, path);
                break;
            case "OPTIONS":
                cors.preflight(request, response);
                break;
            default:
                response.setHeader("Allow", ALLOWED_METHODS);
                Refusals.refuse(response, 405, "method " + method + " not allowed: use "
                        + ALLOWED_METHODS);
        }
    }

    private void get(HttpServletRequest request, HttpServletResponse response, String path)
            throws ServletException, IOException {
        if (Requests.isReserved(path) && Requests.queryParameter(request, "token") == null) {
            pages.serve(request, response, path);
            return;
        }
        upgrades.handle(request, response, path);
    }
}
