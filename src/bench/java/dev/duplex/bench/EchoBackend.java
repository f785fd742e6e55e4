package dev.duplex.bench;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The backend process of the benchmark. It serves the echo methods twice at once: published
 * through the gateway (it dials out, as every backend does), and as a direct Duplex server on
 * its own port that clients open without any gateway, for the comparison.
 *
 * <p>Arguments: the gateway URI to publish at (with token and secret). It prints
 * {@code READY <direct port>} when both are up, and runs until it is killed.
 */
public final class EchoBackend {

    static final String PATH = "/bench";

    private EchoBackend() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("expected one argument, the gateway URI");
        }
        Server direct = startDirectServer();
        publish(URI.create(args[0]));
        int port = ((ServerConnector) direct.getConnectors()[0]).getLocalPort();
        System.out.println("READY " + port);
        direct.join();
    }

    /** Jetty on a free loopback port, accepting Duplex clients at {@link #PATH}. */
    private static Server startDirectServer() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servlets, container) -> {
            container.setDefaultMaxTextMessageBufferSize(EchoSocket.MAX_FRAME_CHARS);
            container.addEndpoint(ServerEndpointConfig.Builder.create(EchoSocket.class, PATH)
                    .configurator(new FreshSocket())
                    .build());
        });
        server.setHandler(context);
        server.start();
        return server;
    }

    private static void publish(URI gateway) throws Exception {
        WebSocketContainer client = ContainerProvider.getWebSocketContainer();
        client.setDefaultMaxTextMessageBufferSize(EchoSocket.MAX_FRAME_CHARS);
        EchoSocket socket = EchoSocket.dialling();
        client.connectToServer(socket, ClientEndpointConfig.Builder.create().build(), gateway);
        socket.ready().get(30, TimeUnit.SECONDS);
    }

    /** A new accepting socket per connection: each has its own handshake state. */
    public static final class FreshSocket extends ServerEndpointConfig.Configurator {

        @Override
        public <T> T getEndpointInstance(Class<T> type) {
            return type.cast(EchoSocket.accepting());
        }
    }
}
