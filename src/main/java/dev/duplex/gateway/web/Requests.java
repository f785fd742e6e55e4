package dev.duplex.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** What the web layer reads off an HTTP request, the same way everywhere. */
final class Requests {

    static final String RESERVED_PREFIX = "/_gateway/";

    private Requests() {
    }

    /**
     * The request's path inside the web application, without trailing slashes: the endpoint for
     * a WebSocket, the endpoint and method for a call. The root is {@code /}.
     */
    static String path(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.isEmpty()) {
            path = request.getServletPath();
        }
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.isEmpty() ? "/" : path.substring(0, end);
    }

    /**
     * A query parameter, read from the query string alone. {@code getParameter} would also read
     * a form-encoded body, and {@code curl -d} labels every body so: the call's JSON would be
     * lost.
     */
    static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (decode(key).equals(name)) {
                return equals < 0 ? "" : decode(pair.substring(equals + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    static boolean isReserved(String path) {
        return path.equals("/_gateway") || path.startsWith(RESERVED_PREFIX);
    }

    /** Whether the request came over TLS, directly or through a proxy that terminated it. */
    static boolean isSecure(HttpServletRequest request) {
        return request.isSecure()
                || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }

    static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** The caller's address for logs: the first forwarded hop behind a proxy, else the peer. */
    static String remoteAddress(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            int comma = forwarded.indexOf(',');
            return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
        }
        return request.getRemoteAddr();
    }
}
