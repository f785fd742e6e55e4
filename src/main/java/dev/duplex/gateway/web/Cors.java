package dev.duplex.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Cross-origin access for web pages on the configured origins: to the HTTP API, to the reasons
 * a WebSocket was refused, and to the gateway's pages. Other origins get no CORS headers, so
 * browsers keep the response from them.
 */
final class Cors {

    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept";

    private final List<String> origins;

    Cors(List<String> origins) {
        this.origins = origins;
    }

    /** Adds the headers that let an allowed origin read the response. */
    void allow(HttpServletRequest request, HttpServletResponse response) {
        // On every response, also those without the header: a browser that cached the client
        // script loaded without CORS would otherwise reuse it for a module import, and fail.
        response.addHeader("Vary", "Origin");
        String origin = request.getHeader("Origin");
        if (origin != null && isAllowed(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
        }
    }

    /**
     * Answers an OPTIONS request: a CORS preflight, or a plain question about methods. The
     * origin headers come from {@link #allow}, which the servlet applies to every request.
     */
    void preflight(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        String requestedMethod = request.getHeader("Access-Control-Request-Method");
        response.setHeader("Allow", GatewayServlet.ALLOWED_METHODS);
        if (origin == null || requestedMethod == null) {
            response.setStatus(204);
            return;
        }
        if (!isAllowed(origin)) {
            Refusals.refuse(response, 403, "origin " + origin + " may not call this gateway: "
                    + "it is not in CORS_ORIGINS");
            return;
        }
        if (!requestedMethod.equals("POST")) {
            Refusals.refuse(response, 405, "only POST may be called from other origins");
            return;
        }
        response.setHeader("Access-Control-Allow-Methods", "POST");
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(204);
    }

    private boolean isAllowed(String origin) {
        return origins.contains("*") || origins.contains(origin);
    }
}
