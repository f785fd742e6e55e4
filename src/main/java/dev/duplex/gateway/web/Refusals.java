package dev.duplex.gateway.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Plain-text HTTP refusals: a status and a short reason a person can act on. */
final class Refusals {

    private Refusals() {
    }

    static void refuse(HttpServletResponse response, int status, String reason)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(reason + "\n");
    }
}
