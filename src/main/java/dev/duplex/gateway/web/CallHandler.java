package dev.duplex.gateway.web;

import dev.duplex.gateway.routing.Endpoint;
import dev.duplex.gateway.routing.Gateway;
import dev.duplex.protocol.MalformedMessageException;
import dev.duplex.protocol.Message;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP API: {@code POST <endpoint>/<method>} calls the method with the body as payload.
 * The request goes asynchronous while the backend works, so a pending call holds no thread.
 */
final class CallHandler {

    private final Gateway gateway;

    CallHandler(Gateway gateway) {
        this.gateway = gateway;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        int slash = path.lastIndexOf('/');
        String endpointPath = slash <= 0 ? "/" : path.substring(0, slash);
        String method = path.substring(slash + 1);

        Endpoint endpoint = gateway.endpoint(endpointPath);
        if (method.isEmpty() || endpoint == null || Requests.isReserved(path)) {
            Refusals.refuse(response, 404, "endpoint not found: " + endpointPath);
            return;
        }
        if (gateway.admitClient(endpoint, secret(request)) == null) {
            Refusals.refuse(response, 401, "invalid secret");
            return;
        }
        long timeoutMillis = timeoutMillis(request);
        if (timeoutMillis < 0) {
            Refusals.refuse(response, 400, "timeout must be a whole number of milliseconds");
            return;
        }
        Message call = readCall(request, response, method);
        if (call == null) {
            return;
        }
        if ("true".equals(Requests.queryParameter(request, "async"))) {
            notifyBackend(response, endpoint, call);
            return;
        }
        call(request, response, endpoint, call, timeoutMillis);
    }

    private void call(HttpServletRequest request, HttpServletResponse response,
            Endpoint endpoint, Message call, long timeoutMillis) throws IOException {
        AsyncContext async = request.startAsync();
        async.setTimeout(timeoutMillis);
        boolean eventStream = accepts(request, "text/event-stream");
        CallResponse reply = new CallResponse(async, response, eventStream, timeoutMillis);
        reply.start(gateway.call(endpoint, call, reply));
    }

    private void notifyBackend(HttpServletResponse response, Endpoint endpoint, Message notice)
            throws IOException {
        if (!gateway.notify(endpoint, notice)) {
            Refusals.refuse(response, 503, "backend unavailable");
            return;
        }
        response.setStatus(202);
    }

    /**
     * The call the body makes, its payload kept as the text it came in (checked, never built
     * into a tree), or {@code null} after answering 400 or 413.
     */
    private Message readCall(HttpServletRequest request, HttpServletResponse response,
            String method) throws IOException {
        int limit = gateway.config().maxMessageBytes();
        byte[] body = readBody(request, limit);
        if (body == null) {
            Refusals.refuse(response, 413, "body larger than " + limit + " bytes");
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            return Message.requestFromText(method, text.isBlank() ? "null" : text);
        } catch (MalformedMessageException e) {
            Refusals.refuse(response, 400, "body refused: " + e.getMessage()
                    + "; send one JSON value, or nothing for null");
            return null;
        }
    }

    /** The body, or {@code null} if it is larger than {@code limit}: announced so, or read. */
    private static byte[] readBody(HttpServletRequest request, int limit) throws IOException {
        long announced = request.getContentLengthLong();
        if (announced > limit) {
            return null;
        }
        // One byte past what may come, to tell a body that goes on from one that ends; sized
        // by Content-Length when given, since the read allocates up to what it may read.
        int readLimit = announced >= 0 ? (int) announced + 1 : limit + 1;
        byte[] body = request.getInputStream().readNBytes(readLimit);
        return body.length > limit ? null : body;
    }

    /** The secret from {@code ?secret=} or from {@code Authorization: Bearer}. */
    private static String secret(HttpServletRequest request) {
        String secret = Requests.queryParameter(request, "secret");
        if (secret != null) {
            return secret;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    /** The call's time limit in milliseconds, 0 for none, or -1 if the parameter is wrong. */
    private long timeoutMillis(HttpServletRequest request) {
        String timeout = Requests.queryParameter(request, "timeout");
        if (timeout == null) {
            return gateway.config().defaultCallTimeoutMillis();
        }
        try {
            return Math.max(-1, Long.parseLong(timeout));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean accepts(HttpServletRequest request, String mediaType) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(mediaType);
    }
}
