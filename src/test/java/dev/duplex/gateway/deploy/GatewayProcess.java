package dev.duplex.gateway.deploy;

import dev.duplex.testing.BuiltWar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The built WAR running as {@code java -jar} in a child process, the way Heroku and the Docker
 * image run it: settings come from the environment, and it stops on SIGTERM.
 */
final class GatewayProcess implements AutoCloseable {

    /** Generous next to the 1-2 s it takes, so a busy build machine does not fail the test. */
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Process process;
    private final int port;
    private final Path tempDir;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private GatewayProcess(Process process, int port, Path tempDir) {
        this.process = process;
        this.port = port;
        this.tempDir = tempDir;
    }

    /**
     * Starts the gateway on a free port with plain HTTP allowed and no token configured, and
     * waits until it accepts connections. Its temporary files go to a folder of its own, so a
     * test can tell whether it cleaned up.
     */
    static GatewayProcess start() throws IOException, InterruptedException {
        int port = freePort();
        Path tempDir = Files.createTempDirectory("duplex-gateway-it-");
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Djava.io.tmpdir=" + tempDir,
                "-jar", BuiltWar.path().toString()).redirectErrorStream(true);
        builder.environment().remove("TOKEN");
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("NOTLS", "true");

        GatewayProcess gateway = new GatewayProcess(builder.start(), port, tempDir);
        gateway.recordOutput();
        gateway.awaitPort();
        return gateway;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    URI webSocketUri(String pathAndQuery) {
        return URI.create("ws://localhost:" + port + pathAndQuery);
    }

    /** Everything the process printed so far, standard output and error interleaved. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The first line printed that matches, waiting for it up to the start limit. */
    String awaitLine(Predicate<String> matching) throws InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (matching.test(line)) {
                    return line;
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("no such line within " + START_LIMIT + " in:\n" + output());
    }

    /** Sends SIGTERM and says whether the process ended within {@code limit}. */
    boolean terminate(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
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
        return String.join("\n", lines);
    }

    /** Kills the process if still running and shows its output in the test's report. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        System.out.println("--- output of java -jar on port " + port + " ---\n" + output());
        try (Stream<Path> paths = Files.walk(tempDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private void recordOutput() {
        Thread reader = new Thread(this::readOutput, "gateway-output-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The stream breaks when the process is killed: nothing is left to record.
        }
    }

    private void awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue()
                        + " before listening:\n" + output());
            }
            if (accepts()) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("the gateway did not listen on port " + port + " within "
                + START_LIMIT + ":\n" + output());
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), (int) POLL.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
