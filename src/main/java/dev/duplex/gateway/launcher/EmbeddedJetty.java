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

    /** The port when the environment names none, the usual one for a plain-HTTP Java server. */
    static final int DEFAULT_PORT = 8080;

    /** Jetty's context attribute: a pattern of initializer classes it must not discover. */
    private static final String INITIALIZER_EXCLUSIONS =
            "org.eclipse.jetty.containerInitializerExclusionPattern";

    private final Server server;
    private final WebAppContext context;

    private EmbeddedJetty(Server server, WebAppContext context) {
        this.server = server;
        this.context = context;
    }

    /**
     * Starts Jetty on {@code port} (0 picks a free one) serving the web application at
     * {@code webapp}, a WAR file or an unpacked folder.
     *
     * @param contextParameters gateway settings given to the web application
     * @param classesFromParent whether the application's classes come from this class loader
     *     (tests running from a source tree) rather than from the WAR
     */
    public static EmbeddedJetty start(int port, String webapp,
            Map<String, String> contextParameters, boolean classesFromParent) throws Exception {
        EmbeddedJetty jetty = create(port, webapp, contextParameters, classesFromParent);
        jetty.server.start();
        return jetty;
    }

    /**
     * Serves the WAR file named by the only argument on the port in the environment variable
     * {@code PORT} (8080 if unset) until the JVM is told to stop; started by {@link Launcher}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException(
                    "expected one argument, the WAR file to serve, got " + args.length);
        }
        EmbeddedJetty jetty = create(portFromEnvironment(), args[0], Map.of(), false);
        Runtime.getRuntime().addShutdownHook(new Thread(jetty::stopOnShutdown, "gateway-stop"));
        jetty.server.start();
        jetty.join();
    }

    private static EmbeddedJetty create(int port, String webapp,
            Map<String, String> contextParameters, boolean classesFromParent) {
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
        // Only Jetty's own WebSocket initializer, configured here: discovery would also run any
        // other one on the class path (Tomcat's, in the test suite) and lose the Jetty container.
        context.setAttribute(INITIALIZER_EXCLUSIONS, ".*");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        server.setHandler(context);
        return new EmbeddedJetty(server, context);
    }

    static int portFromEnvironment() {
        String port = System.getenv("PORT");
        if (port == null || port.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int number = Integer.parseInt(port.trim());
            if (number < 0 || number > 65_535) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "PORT must be a port number from 0 to 65535, got \"" + port + "\"");
        }
    }

    /** The port the server listens on. */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** An attribute of the web application's servlet context, such as the running gateway. */
    public Object contextAttribute(String name) {
        return context.getServletContext().getAttribute(name);
    }

    public void stop() throws Exception {
        server.stop();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops the web application before the server. Jetty's own order (connectors first) would
     * drop every WebSocket before the application's contextDestroyed could close its peers
     * with a code that tells them to reconnect.
     */
    private void stopOnShutdown() {
        try {
            context.stop();
            server.stop();
        } catch (Exception e) {
            System.err.println("Duplex Gateway did not stop cleanly: " + e);
        }
    }
}
