package dev.duplex.gateway.deploy;

import dev.duplex.testing.BuiltWar;
import dev.duplex.testing.ChildProcess;
import dev.duplex.testing.DeployedGateway;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The built WAR running as {@code java -jar} in a child process, the way Heroku and the Docker
 * image run it: settings come from the environment, and it stops on SIGTERM.
 */
final class GatewayProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;
    private final Path tempDir;
    private final boolean tls;

    private GatewayProcess(ChildProcess process, int port, Path tempDir, boolean tls) {
        this.process = process;
        this.port = port;
        this.tempDir = tempDir;
        this.tls = tls;
    }

    /** The gateway with plain HTTP allowed and no token configured: it generates one. */
    static GatewayProcess start() throws IOException {
        return start(Map.of("NOTLS", "true"));
    }

    /**
     * Starts the gateway on a free port with exactly these settings in its environment, and
     * waits until it accepts connections. With a {@code TLS_} setting the URIs this gives are
     * https and wss. Its temporary files go to a folder of its own, so a test can tell
     * whether it cleaned up.
     */
    static GatewayProcess start(Map<String, String> settings) throws IOException {
        GatewayProcess gateway = launch(settings);
        gateway.process.awaitPort(gateway.port, ChildProcess.START_LIMIT);
        return gateway;
    }

    /** Starts the gateway without waiting for it, for tests of a start that must fail. */
    static GatewayProcess launch(Map<String, String> settings) throws IOException {
        int port = ChildProcess.freePort();
        Path tempDir = Files.createTempDirectory("duplex-gateway-it-");
        ProcessBuilder builder = new ProcessBuilder(ChildProcess.javaCommand(),
                "-Djava.io.tmpdir=" + tempDir, "-jar", BuiltWar.path().toString());
        DeployedGateway.removeInheritedSettings(builder.environment());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().putAll(settings);

        boolean tls = settings.keySet().stream().anyMatch(name -> name.startsWith("TLS_"));
        ChildProcess process = ChildProcess.start("java -jar on port " + port, builder);
        return new GatewayProcess(process, port, tempDir, tls);
    }

    /** {@code http://} or {@code https://}, as the gateway serves. */
    URI uri(String pathAndQuery) {
        return URI.create((tls ? "https" : "http") + "://localhost:" + port + pathAndQuery);
    }

    /** {@code ws://} or {@code wss://}, as the gateway serves. */
    URI webSocketUri(String pathAndQuery) {
        return URI.create((tls ? "wss" : "ws") + "://localhost:" + port + pathAndQuery);
    }

    /** {@code http://} even where the gateway serves TLS, to see it refuse plain text. */
    URI plainUri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    /** {@code ws://} even where the gateway serves TLS, to see it refuse plain text. */
    URI plainWebSocketUri(String pathAndQuery) {
        return URI.create("ws://localhost:" + port + pathAndQuery);
    }

    /** Everything the process printed so far, standard output and error interleaved. */
    List<String> lines() {
        return process.lines();
    }

    /** The first line printed that matches, waiting for it up to the start limit. */
    String awaitLine(Predicate<String> matching) {
        return process.awaitLine(matching, ChildProcess.START_LIMIT);
    }

    /** Sends SIGTERM and says whether the process ended within {@code limit}. */
    boolean terminate(Duration limit) {
        return process.terminate(limit);
    }

    /** Waits for the process to end by itself and says whether it did within the limit. */
    boolean awaitExit() {
        return process.awaitExit(ChildProcess.START_LIMIT);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** What is left in the process's temporary folder. */
    List<Path> leftoverTempFiles() throws IOException {
        try (Stream<Path> children = Files.list(tempDir)) {
            return children.toList();
        }
    }

    String output() {
        return process.output();
    }

    /** Kills the process if still running and shows its output in the test's report. */
    @Override
    public void close() throws IOException {
        process.close();
        try (Stream<Path> paths = Files.walk(tempDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
