package dev.duplex.gateway.web;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The gateway's own pages under {@code /_gateway/}: the health check and static files. */
final class GatewayPages {

    static final String HEALTH = Requests.RESERVED_PREFIX + "health";

    private final ServletContext context;

    GatewayPages(ServletContext context) {
        this.context = context;
    }

    boolean isHealthCheck(String method, String path) {
        return (method.equals("GET") || method.equals("HEAD")) && path.equals(HEALTH);
    }

    void health(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.createObjectBuilder()
                .add("status", "up")
                .build()
                .toString());
    }

    /** Serves a static file of the web application through the container's own servlet. */
    void serve(HttpServletRequest request, HttpServletResponse response, String path)
            throws ServletException, IOException {
        RequestDispatcher files = context.getNamedDispatcher("default");
        if (files == null || context.getResource(path) == null) {
            Refusals.refuse(response, 404, "no gateway page at " + path);
            return;
        }
        files.forward(request, response);
    }
}
