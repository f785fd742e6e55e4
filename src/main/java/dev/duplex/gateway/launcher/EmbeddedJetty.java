package dev.duplex.gateway.launcher;

import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty that deploys the gateway web application, either the WAR file or the
 * {@code webapp} folder of a source tree, at the root context.
 */
public final class EmbeddedJetty {

    private final Server server;

    private EmbeddedJetty(Server server) {
        this.server = server;
    }

    /**
     * Starts Jetty on {@code port} (0 picks a free one) serving the web application at
     * {@code webapp}, a WAR file or an unpacked folder.
     *
     * @param contextParameters gateway settings given to the web application
     * @param classesFromParent whether the application's classes come from this class loader
     *     (tests running from a source tree) rather than from the WAR
     */
    public static EmbeddedJetty start(int port, String webapp, Map<String, String> contextParameters,
            boolean classesFromParent) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setWar(webapp);
        context.setParentLoaderPriority(classesFromParent);
        contextParameters.forEach(context::setInitParameter);
        context.setThrowUnavailableOnStartupException(true);
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        server.setHandler(context);

        server.start();
        return new EmbeddedJetty(server);
    }

    /** The port the server listens on. */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public void stop() throws Exception {
        server.stop();
    }

    public void join() throws InterruptedException {
        server.join();
    }
}
