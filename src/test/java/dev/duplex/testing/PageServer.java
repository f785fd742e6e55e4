package dev.duplex.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A web site of its own origin, apart from the gateway's, serving the test pages in
 * src/test/resources/pages/: what a page that uses a gateway from elsewhere looks like. In
 * each page, {@value #GATEWAY_MARK} becomes the gateway's origin.
 */
public final class PageServer implements AutoCloseable {

    public static final String GATEWAY_MARK = "{{GATEWAY}}";

    private final HttpServer server;
    private final Map<String, String> added = new ConcurrentHashMap<>();

    // Set once the gateway runs, which needs this origin first; read by the server's thread.
    private volatile String gatewayOrigin = "";

    private PageServer(HttpServer server) {
        this.server = server;
    }

    public static PageServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            PageServer pages = new PageServer(server);
            server.createContext("/", pages::serve);
            server.start();
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This site's origin, to list in the gateway's CORS_ORIGINS. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The gateway the pages use, such as {@code http://127.0.0.1:8080}. */
    public void useGateway(String origin) {
        gatewayOrigin = origin;
    }

    /** Serves {@code html} as {@code name}, besides the pages from the resources. */
    public URI add(String name, String html) {
        added.put(name, html);
        return page(name);
    }

    public URI page(String name) {
        return URI.create(origin() + "/" + name);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] page = read(name);
            if (page == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        }
    }

    /** The page with the gateway's origin filled in, or null if there is none of that name. */
    private byte[] read(String name) throws IOException {
        if (!name.matches("[a-z-]+\\.html")) {
            return null;
        }
        if (added.containsKey(name)) {
            return added.get(name).getBytes(StandardCharsets.UTF_8);
        }
        try (InputStream page = PageServer.class.getResourceAsStream("/pages/" + name)) {
            if (page == null) {
                return null;
            }
            String text = new String(page.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace(GATEWAY_MARK, gatewayOrigin).getBytes(StandardCharsets.UTF_8);
        }
    }
}
