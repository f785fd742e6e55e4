package dev.duplex.peer;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real WebSocket server on a free port whose other end the test plays by hand: every
 * connection to {@code /duplex} becomes a {@link ScriptedSide} the test takes with
 * {@link #nextSide()}. {@code /refused} answers every upgrade with HTTP 401.
 */
final class ScriptedServer implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    private final Server server = new Server();
    private final BlockingQueue<ScriptedSide> sides = new LinkedBlockingQueue<>();
    private final BlockingQueue<Map<String, List<String>>> upgradeHeaders =
            new LinkedBlockingQueue<>();

    ScriptedServer() throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new RefusingServlet(), "/refused");
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(endpointConfig()));
        server.setHandler(context);
        server.start();
    }

    URI uri() {
        return uri("/duplex");
    }

    URI uri(String path) {
        return URI.create("ws://localhost:" + port() + path);
    }

    /** The other end of the next connection, before the handshake. */
    ScriptedSide nextSide() throws InterruptedException {
        ScriptedSide side = sides.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(side).as("a WebSocket connection to the scripted server").isNotNull();
        return side;
    }

    /** The headers of the next upgrade request, names in lower case. */
    Map<String, List<String>> nextUpgradeHeaders() throws InterruptedException {
        Map<String, List<String>> headers = upgradeHeaders.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(headers).as("an upgrade request").isNotNull();
        return headers;
    }

    /** A peer connected to this server, and the server's end of its connection. */
    record Connected(DuplexPeer peer, ScriptedSide side) {
    }

    /** Connects a peer and accepts its handshake. */
    Connected connectPeer(PeerOptions options) throws Exception {
        CompletableFuture<DuplexPeer> peer =
                CompletableFuture.supplyAsync(() -> DuplexPeer.connect(uri(), options));
        ScriptedSide side = nextSide();
        side.acceptHandshake();
        return new Connected(peer.get(WAIT_SECONDS, TimeUnit.SECONDS), side);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private ServerEndpointConfig endpointConfig() {
        return ServerEndpointConfig.Builder.create(ScriptedSide.class, "/duplex")
                .configurator(new Recorder())
                .build();
    }

    /** Hands each new connection to the test and keeps the headers of its upgrade. */
    private final class Recorder extends ServerEndpointConfig.Configurator {

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                HandshakeResponse response) {
            Map<String, List<String>> headers = new HashMap<>();
            request.getHeaders().forEach(
                    (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            upgradeHeaders.add(headers);
        }

        @Override
        public <T> T getEndpointInstance(Class<T> type) {
            ScriptedSide side = new ScriptedSide();
            sides.add(side);
            return type.cast(side);
        }
    }

    /** Refuses the upgrade before it happens, as the gateway does for a wrong secret. */
    private static final class RefusingServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            response.setStatus(401);
            response.setContentType("text/plain");
            response.getWriter().print("invalid secret");
        }
    }
}
