package dev.duplex.testing;

import dev.duplex.gateway.launcher.EmbeddedJetty;
import dev.duplex.gateway.routing.Gateway;
import dev.duplex.gateway.web.GatewayListener;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The real gateway on embedded Jetty on a free port, deployed from the {@code webapp} folder
 * with the test class path's classes, for integration tests.
 */
public final class GatewayServer implements AutoCloseable {

    public static final String TOKEN = "test-publish-token";

    private final EmbeddedJetty jetty;

    private GatewayServer(EmbeddedJetty jetty) {
        this.jetty = jetty;
    }

    /** A gateway with the test token and plain HTTP allowed, plus {@code settings}. */
    public static GatewayServer start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("TOKEN", TOKEN);
        all.put("NOTLS", "true");
        all.putAll(settings);
        try {
            return new GatewayServer(EmbeddedJetty.start(0, "webapp", all, true));
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start", e);
        }
    }

    public static GatewayServer start() {
        return start(Map.of());
    }

    public int port() {
        return jetty.port();
    }

    public Gateway gateway() {
        return (Gateway) jetty.contextAttribute(GatewayListener.GATEWAY_ATTRIBUTE);
    }

    /** {@code ws://} URI of a path and query on this gateway. */
    public URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
    }

    /** {@code http://} URI of a path and query on this gateway. */
    public URI http(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** Where a backend publishes {@code path} with {@code secret}. */
    public URI backendUri(String path, String secret) {
        return ws(path + "?token=" + encode(TOKEN) + "&secret=" + encode(secret));
    }

    /** Where a client opens {@code path} with {@code secret}. */
    public URI clientUri(String path, String secret) {
        return ws(path + "?secret=" + encode(secret));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not stop", e);
        }
    }
}
