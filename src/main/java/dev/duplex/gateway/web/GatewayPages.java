package dev.duplex.gateway.web;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The gateway's own pages under {@code /_gateway/}: the health check, the console at the
 * prefix itself, and the static files of the web application's {@code _gateway} folder.
 */
final class GatewayPages {

    static final String HEALTH = Requests.RESERVED_PREFIX + "health";

    /** The prefix as {@link Requests#path} gives it, trailing slash removed. */
    private static final String CONSOLE = "/_gateway";

    private static final String CONSOLE_PAGE = Requests.RESERVED_PREFIX + "index.html";

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
        if (path.equals(CONSOLE)) {
            console(request, response);
            return;
        }
        RequestDispatcher files = context.getNamedDispatcher("default");
        if (files == null || context.getResource(path) == null) {
            Refusals.refuse(response, 404, "no gateway page at " + path);
            return;
        }
        files.forward(request, response);
    }

    /**
     * Serves the console's page at the prefix. A welcome file cannot: the front servlet takes
     * every path, so the container never maps the folder itself, and Tomcat's default servlet
     * leaves welcome files to that mapping. The page links its script and style relatively,
     * so the prefix without its slash is sent to the prefix with it.
     */
    private void console(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!request.getRequestURI().endsWith("/")) {
            response.sendRedirect(request.getContextPath() + Requests.RESERVED_PREFIX);
            return;
        }
        // Comes back through the front servlet, as a request for the page's file.
        context.getRequestDispatcher(CONSOLE_PAGE).forward(request, response);
    }
}
