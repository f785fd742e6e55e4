package dev.duplex.testing;

import dev.duplex.testing.tomcat.TomcatRunner;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built WAR deployed on a {@link ServletContainer} in a child JVM, at the root context.
 *
 * <pre>{@code
 * try (DeployedGateway tomcat = ServletContainer.TOMCAT_11.deploy(Map.of("NOTLS", "true"))) {
 *     URI health = tomcat.uri("/_gateway/health");
 * }
 * }</pre>
 */
public final class DeployedGateway implements AutoCloseable {

    /** Settings a child must not inherit from the shell that started the build. */
    public static final List<String> SETTINGS = List.of("TOKEN", "NOTLS", "DEBUG", "PORT",
            "TLS_KEYSTORE", "TLS_KEYSTORE_PASSWORD", "TLS_CERT", "TLS_KEY");

    /** As Tomcat's startup scripts do, so that its memory leak checks work on Java 17. */
    private static final List<String> TOMCAT_JVM_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED");

    private static final Pattern TOMCAT_READY =
            Pattern.compile(Pattern.quote(TomcatRunner.READY) + "(.+) on port (\\d+)");
    private static final Pattern JETTY_VERSION = Pattern.compile("\\b(jetty-12\\.[0-9.]+);");

    private final ChildProcess process;
    private final int port;
    private final String server;
    private final Path baseDir;

    private DeployedGateway(ChildProcess process, int port, String server, Path baseDir) {
        this.process = process;
        this.port = port;
        this.server = server;
        this.baseDir = baseDir;
    }

    /** {@code http://localhost:<port>} and the path and query. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    /** {@code ws://localhost:<port>} and the path and query. */
    public URI webSocketUri(String pathAndQuery) {
        return URI.create("ws://localhost:" + port + pathAndQuery);
    }

    /** How the server named itself at start, such as {@code Apache Tomcat/11.0.29}. */
    public String server() {
        return server;
    }

    /** Stops the container (the gateway's contextDestroyed runs) and removes its files. */
    @Override
    public void close() {
        try {
            process.close();
        } finally {
            deleteTree(baseDir);
        }
    }

    /** Removes the gateway's settings from a child's environment, leaving only those set. */
    public static void removeInheritedSettings(Map<String, String> environment) {
        SETTINGS.forEach(environment::remove);
    }

    static DeployedGateway onTomcat(ServletContainer container, String jarsProperty,
            Map<String, String> contextParameters) {
        Path baseDir = newBaseDir(container);
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaCommand()));
        command.addAll(TOMCAT_JVM_OPTIONS);
        String classPath = folder(jarsProperty).resolve("*") + File.pathSeparator
                + runnerClassPath();
        command.addAll(List.of("-cp", classPath, TomcatRunner.class.getName(),
                BuiltWar.path().toString(), baseDir.toString()));
        contextParameters.forEach((name, value) -> command.add(name + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).directory(baseDir.toFile());
        removeInheritedSettings(builder.environment());

        ChildProcess process = ChildProcess.start(container.name(), builder);
        try {
            Matcher ready = TOMCAT_READY.matcher(
                    process.awaitLine(TOMCAT_READY.asPredicate(), ChildProcess.START_LIMIT));
            ready.find();
            return new DeployedGateway(process, Integer.parseInt(ready.group(2)),
                    ready.group(1), baseDir);
        } catch (RuntimeException | AssertionError e) {
            new DeployedGateway(process, 0, "", baseDir).close();
            throw e;
        }
    }

    /**
     * A Jetty base made as the README says (the modules http, ee10-deploy and
     * ee10-websocket-jakarta, the WAR as webapps/ROOT.war), run with jetty-home's start.jar.
     */
    static DeployedGateway onJettyHome(ServletContainer container, String homeProperty,
            Map<String, String> environment) {
        Path home = folder(homeProperty);
        Path base = newBaseDir(container);
        addJettyModules(container, home, base);
        copy(BuiltWar.path(), base.resolve("webapps/ROOT.war"));
        // Jetty unpacks the WAR into the base's work folder when there is one, not into /tmp.
        createDirectories(base.resolve("work"));

        int port = ChildProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(ChildProcess.javaCommand(), "-jar",
                home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "jetty.http.port=" + port).directory(base.toFile());
        removeInheritedSettings(builder.environment());
        builder.environment().putAll(environment);

        ChildProcess process = ChildProcess.start(container.name(), builder);
        try {
            process.awaitPort(port, ChildProcess.START_LIMIT);
            Matcher version = JETTY_VERSION.matcher(
                    process.awaitLine(JETTY_VERSION.asPredicate(), ChildProcess.START_LIMIT));
            version.find();
            return new DeployedGateway(process, port, version.group(1), base);
        } catch (RuntimeException | AssertionError e) {
            new DeployedGateway(process, port, "", base).close();
            throw e;
        }
    }

    private static void addJettyModules(ServletContainer container, Path home, Path base) {
        ProcessBuilder builder = new ProcessBuilder(ChildProcess.javaCommand(), "-jar",
                home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "--add-modules=http,ee10-deploy,ee10-websocket-jakarta")
                .directory(base.toFile());
        try (ChildProcess setup = ChildProcess.start(container.name() + " setup", builder)) {
            if (!setup.awaitExit(ChildProcess.START_LIMIT) || setup.exitValue() != 0) {
                throw new AssertionError("jetty-home could not add the modules:\n"
                        + setup.output());
            }
        }
    }

    /**
     * A folder with only {@link TomcatRunner}, so that the child's class path holds that one
     * class besides Tomcat: the test classes' folder would bring this project's other classes.
     */
    private static Path runnerClassPath() {
        String file = TomcatRunner.class.getName().replace('.', '/') + ".class";
        Path folder = BuiltWar.path().resolveSibling("tomcat-runner");
        Path target = folder.resolve(file);
        try (InputStream in = TomcatRunner.class.getResourceAsStream("/" + file)) {
            createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    /** A folder the build prepared, named by a system property the failsafe plugin sets. */
    private static Path folder(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isDirectory(Path.of(value))) {
            throw new IllegalStateException("expected the folder named by the system property "
                    + property + " (" + value + "); mvn verify prepares it before the "
                    + "integration tests");
        }
        return Path.of(value).toAbsolutePath();
    }

    /** A fresh folder under target/, where anything left behind goes with mvn clean. */
    private static Path newBaseDir(ServletContainer container) {
        Path parent = createDirectories(BuiltWar.path().resolveSibling("containers"));
        String prefix = container.name().toLowerCase(Locale.ROOT) + "-";
        try {
            return Files.createTempDirectory(parent, prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
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
