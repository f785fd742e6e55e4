package dev.duplex.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ApplicationParameter;

/**
 * The built WAR deployed unchanged on an embedded Tomcat 10.1 at the root context, on a free
 * port, for integration tests that must see the gateway in a real servlet container.
 *
 * <pre>{@code
 * try (TomcatGateway tomcat = TomcatGateway.start(Map.of("NOTLS", "true"))) {
 *     URI health = tomcat.uri().resolve("/_gateway/health");
 * }
 * }</pre>
 */
public final class TomcatGateway implements AutoCloseable {

    /**
     * Container initializers to ignore: those of the Jetty jars on the test class path, which
     * a real Tomcat never has. Tomcat applies this filter to its own class path only, never to
     * the WAR's jars, so a Jetty initializer inside the WAR would still break the deployment.
     */
    private static final String FOREIGN_INITIALIZERS = "org\\.eclipse\\.jetty\\..*";

    private final Tomcat tomcat;
    private final Context context;
    private final Path baseDir;

    private TomcatGateway(Tomcat tomcat, Context context, Path baseDir) {
        this.tomcat = tomcat;
        this.context = context;
        this.baseDir = baseDir;
    }

    /** Deploys the gateway with its default settings. */
    public static TomcatGateway start() {
        return start(Map.of());
    }

    /**
     * Deploys the gateway with these context parameters, which win over the same names in
     * the WAR's web.xml, as a {@code <Parameter override="false">} in a Tomcat context file.
     * Fails unless the application started.
     */
    public static TomcatGateway start(Map<String, String> contextParameters) {
        Path baseDir = createBaseDir();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector();

        Context context = tomcat.addWebapp("", BuiltWar.path().toString());
        context.setContainerSciFilter(FOREIGN_INITIALIZERS);
        context.addLifecycleListener(TomcatGateway::withoutJsp);
        contextParameters.forEach((name, value) -> context.addApplicationParameter(
                parameter(name, value)));

        TomcatGateway gateway = new TomcatGateway(tomcat, context, baseDir);
        gateway.startOrFail();
        return gateway;
    }

    /** The gateway's base address, {@code http://localhost:<port>/}. */
    public URI uri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** The gateway's base address for WebSockets, {@code ws://localhost:<port>/}. */
    public URI webSocketUri() {
        return URI.create("ws://localhost:" + port() + "/");
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** The deployed application, for tests that check what Tomcat made of it. */
    public Context context() {
        return context;
    }

    /** Undeploys the gateway (its contextDestroyed runs), stops Tomcat and removes its files. */
    public void stop() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        } finally {
            forgetFolders();
            deleteTree(baseDir);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void startOrFail() {
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            stop();
            throw new IllegalStateException("Tomcat did not start", e);
        }
        // A web application that fails leaves Tomcat running without it: only its state says.
        if (!context.getState().isAvailable()) {
            String state = context.getStateName();
            stop();
            throw new IllegalStateException("the gateway did not deploy on Tomcat: its context is "
                    + state + " instead of STARTED (Tomcat's log says why)");
        }
    }

    /**
     * Removes the JSP servlet that embedded Tomcat's defaults declare, like a standalone
     * Tomcat's conf/web.xml, but cannot load without Jasper: it would log a stack trace at
     * every start. Runs after the defaults were added, on the same event.
     */
    private static void withoutJsp(LifecycleEvent event) {
        if (!event.getType().equals(Lifecycle.BEFORE_START_EVENT)) {
            return;
        }
        Context context = (Context) event.getLifecycle();
        Container jsp = context.findChild("jsp");
        if (jsp != null) {
            context.removeServletMapping("*.jsp");
            context.removeServletMapping("*.jspx");
            context.removeChild(jsp);
        }
    }

    /**
     * Tomcat records its folders in system properties, and the next Tomcat in this JVM takes
     * a recorded home folder as its own: it would create this one again once deleted.
     */
    private void forgetFolders() {
        for (String property : List.of("catalina.home", "catalina.base")) {
            String folder = System.getProperty(property);
            if (folder != null && Path.of(folder).startsWith(baseDir)) {
                System.clearProperty(property);
            }
        }
    }

    private static ApplicationParameter parameter(String name, String value) {
        ApplicationParameter parameter = new ApplicationParameter();
        parameter.setName(name);
        parameter.setValue(value);
        parameter.setOverride(false);
        return parameter;
    }

    /** A fresh folder under target/, where anything left behind goes with mvn clean. */
    private static Path createBaseDir() {
        try {
            Path parent = Files.createDirectories(BuiltWar.path().resolveSibling("tomcat"));
            Path baseDir = Files.createTempDirectory(parent, "gateway-").toRealPath();
            // Tomcat unpacks the WAR into the host's application folder, which must exist.
            Files.createDirectories(baseDir.resolve("webapps"));
            return baseDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
