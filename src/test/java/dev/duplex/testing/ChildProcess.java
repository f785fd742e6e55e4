package dev.duplex.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server in a child process for integration tests: its output (standard output and error
 * together) is recorded line by line, every wait has a limit, and it is killed at the latest
 * when this JVM exits.
 */
public final class ChildProcess implements AutoCloseable {

    /** Generous next to the 1-3 s a server here takes, so a busy machine fails no test. */
    public static final Duration START_LIMIT = Duration.ofSeconds(60);

    private static final Duration STOP_LIMIT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);

    private final String name;
    private final Process process;
    private final Thread killer;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.killer = new Thread(process::destroyForcibly, name + "-killer");
        this.reader = new Thread(this::readOutput, name + "-output");
    }

    /** Starts {@code command}, named {@code name} in reports, with its output recorded. */
    public static ChildProcess start(String name, ProcessBuilder command) {
        Process process;
        try {
            process = command.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        ChildProcess child = new ChildProcess(name, process);
        Runtime.getRuntime().addShutdownHook(child.killer);
        child.reader.setDaemon(true);
        child.reader.start();
        return child;
    }

    /** Everything printed so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String output() {
        return String.join("\n", lines);
    }

    /** The first line printed that matches; fails if none comes in time or the process ends. */
    public String awaitLine(Predicate<String> matching, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ended = !process.isAlive();
            if (ended) {
                awaitOutput();
            }
            for (String line : lines) {
                if (matching.test(line)) {
                    return line;
                }
            }
            if (ended) {
                failIfEnded();
            }
            pause();
        }
        throw new AssertionError(name + " printed no such line within " + limit + ":\n"
                + output());
    }

    /** Waits until the process accepts connections on {@code port}. */
    public void awaitPort(int port, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            failIfEnded();
            if (accepts(port)) {
                return;
            }
            pause();
        }
        throw new AssertionError(name + " did not listen on port " + port + " within " + limit
                + ":\n" + output());
    }

    /** Waits for the process to end by itself; true if it did within {@code limit}. */
    public boolean awaitExit(Duration limit) {
        try {
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (ended) {
                awaitOutput();
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends SIGTERM and says whether the process ended within {@code limit}. Through the
     * process handle: {@code Process.destroy} also closes the output pipe, which would lose
     * what the process prints while it stops.
     */
    public boolean terminate(Duration limit) {
        process.toHandle().destroy();
        return awaitExit(limit);
    }

    /** Closes the process's standard input, which some servers take as the signal to stop. */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The process has already gone: its input is closed either way.
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /**
     * Kills the process if it still runs, and keeps its output in the test's report and in
     * target/process-logs/: the report of a parameterized class keeps only its last run's.
     */
    @Override
    public void close() {
        if (process.isAlive() && !terminate(STOP_LIMIT)) {
            process.destroyForcibly();
            awaitExit(STOP_LIMIT);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // This JVM is already shutting down, and the hook runs anyway: harmless.
        }
        System.out.println("--- output of " + name + " ---\n" + output());
        keepLog();
    }

    /** A port no server here listens on, for servers that cannot report the port they chose. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code java} launcher of the JVM running the tests. */
    public static String javaCommand() {
        return jdkTool("java");
    }

    /** A tool of the JDK running the tests, such as {@code keytool}. */
    public static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private void keepLog() {
        String file = name.replaceAll("[^A-Za-z0-9.-]+", "-") + "-" + process.pid() + ".log";
        try {
            Path folder = Files.createDirectories(BuiltWar.buildFolder().resolve("process-logs"));
            Files.write(folder.resolve(file), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("could not keep the log of " + name + ": " + e);
        }
    }

    private void failIfEnded() {
        if (!process.isAlive()) {
            awaitOutput();
            throw new AssertionError(name + " ended with exit status " + process.exitValue()
                    + ":\n" + output());
        }
    }

    /** Lets the reader take in what an ended process printed last. */
    private void awaitOutput() {
        try {
            reader.join(STOP_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), (int) POLL.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting");
        }
    }
}
