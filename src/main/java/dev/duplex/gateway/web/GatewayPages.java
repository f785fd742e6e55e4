package dev.duplex.gateway.web;

import dev.duplex.protocol.MessageCodec;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

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
        response.getWriter().write(MessageCodec.JSON.createObjectBuilder()
                .add("status", "up")
                .build()
                .toString());
    }

    /**
     * Serves a file of the web application's {@code _gateway} folder. It is read here rather
     * than forwarded to the container's default servlet, which each container maps, names and
     * warns about differently when a servlet on every path forwards to it.
     */
    void serve(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        if (path.equals(CONSOLE)) {
            console(request, response);
            return;
        }
        file(request, response, path);
    }

    /**
     * Serves the console's page at the prefix. The page links its script and style
     * relatively, so the prefix without its slash is sent to the prefix with it.
     */
    private void console(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!request.getRequestURI().endsWith("/")) {
            response.sendRedirect(request.getContextPath() + Requests.RESERVED_PREFIX);
            return;
        }
        file(request, response, CONSOLE_PAGE);
    }

    private void file(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        // Jetty lists a file as a folder with nothing in it; Tomcat says null.
        Set<String> folder = context.getResourcePaths(path + "/");
        boolean isFolder = folder != null && !folder.isEmpty();
        InputStream content = path.contains("..") || isFolder
                ? null
                : context.getResourceAsStream(path);
        if (content == null) {
            Refusals.refuse(response, 404, "no gateway page at " + path);
            return;
        }
        try (content) {
            String type = context.getMimeType(path);
            response.setContentType(type == null ? "application/octet-stream" : type);
            response.setHeader("Cache-Control", "no-cache");
            if (!request.getMethod().equals("HEAD")) {
                content.transferTo(response.getOutputStream());
            }
        }
    }
}
