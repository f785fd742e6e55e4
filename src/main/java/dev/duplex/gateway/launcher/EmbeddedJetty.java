package dev.duplex.gateway.launcher;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Jetty that deploys the gateway web application, either the WAR file or the
 * {@code webapp} folder of a source tree, at the root context. It serves plain HTTP, or only
 * TLS (https and wss) when given {@link ServerKeys}.
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
        EmbeddedJetty jetty =
                create(port, Optional.empty(), webapp, contextParameters, classesFromParent);
        jetty.server.start();
        return jetty;
    }

    /**
     * Serves the WAR file named by the only argument until the JVM is told to stop; started
     * by {@link Launcher}. The port and the TLS keys come from the settings {@code PORT}
     * (8080 if unset) and {@code TLS_*}, each a system property or else an environment
     * variable: there is no web application yet to hold context parameters.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException(
                    "expected one argument, the WAR file to serve, got " + args.length);
        }
        int port = portNumber(setting("PORT"));
        Optional<ServerKeys> keys = ServerKeys.fromSettings(EmbeddedJetty::setting);

        EmbeddedJetty jetty = create(port, keys, args[0], Map.of(), false);
        Runtime.getRuntime().addShutdownHook(new Thread(jetty::stopOnShutdown, "gateway-stop"));
        jetty.server.start();
        keys.ifPresent(serverKeys -> announceTls(serverKeys.certificate()));
        jetty.join();
    }

    private static EmbeddedJetty create(int port, Optional<ServerKeys> keys, String webapp,
            Map<String, String> contextParameters, boolean classesFromParent) {
        Server server = new Server();
        ServerConnector connector = keys.isPresent()
                ? tlsConnector(server, keys.get())
                : new ServerConnector(server);
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

    /**
     * A connector that speaks TLS only: a plain request on it fails the TLS handshake and the
     * connection is closed, so nothing is ever served unencrypted, not even a refusal.
     */
    private static ServerConnector tlsConnector(Server server, ServerKeys keys) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keys.store());
        tls.setKeyStorePassword(keys.password());

        // Marks requests as secure, which is what the gateway's "TLS required" check asks.
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer());

        return new ServerConnector(server,
                new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
    }

    /** The certificate's kind, subject and expiry, so an operator sees what is served. */
    private static void announceTls(X509Certificate certificate) {
        Logger log = LoggerFactory.getLogger(EmbeddedJetty.class);
        log.info("serving TLS only (https, wss) with the {} certificate of {}, valid until {}",
                certificate.getPublicKey().getAlgorithm(),
                certificate.getSubjectX500Principal().getName(),
                certificate.getNotAfter().toInstant());
    }

    /** A setting of the embedded server: a system property, else an environment variable. */
    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    static int portNumber(String port) {
        if (port == null) {
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
