package dev.duplex.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process the benchmark started (the gateway or the backend): its output goes to a log
 * file, and the first line that matches what the benchmark waits for is remembered.
 */
final class Child implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Predicate<String> readyLine;
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private Child(String name, Process process, Predicate<String> readyLine) {
        this.name = name;
        this.process = process;
        this.readyLine = readyLine;
    }

    static Child start(String name, List<String> command, Map<String, String> environment,
            Path log, Predicate<String> readyLine) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Child child = new Child(name, builder.start(), readyLine);
        Thread copier = new Thread(() -> child.copyOutput(log), name + "-output");
        copier.setDaemon(true);
        copier.start();
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the ready line and returns it; fails if the process dies first. */
    String awaitReady(Duration limit) throws Exception {
        try {
            return ready.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " not ready within " + limit, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time the process has used so far, user and system, in nanoseconds. */
    long cpuNanos() {
        Optional<Duration> cpu = process.info().totalCpuDuration();
        return cpu.map(Duration::toNanos).orElse(-1L);
    }

    /**
     * User and system CPU time from {@code /proc/<pid>/stat}, in clock ticks, for their
     * proportion: a high system share means the time goes to system calls.
     */
    long[] cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", pid() + "", "stat"));
            // The command name in parentheses may hold spaces; the fields follow it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Context switches of all the process's threads so far: thread hand-offs show here. */
    long contextSwitches() {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", pid() + "", "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                total += switchesOf(task.resolve("status"));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    private static long switchesOf(Path status) {
        long switches = 0;
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.contains("ctxt_switches:")) {
                    switches += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The thread ended between the listing and the read.
        }
        return switches;
    }

    /** Resident memory from {@code /proc/<pid>/status}, in bytes; -1 where there is none. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid() + "", "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process is gone: the report shows the number as missing.
        }
        return -1;
    }

    /** Stops the process (SIGTERM, then SIGKILL after a few seconds). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void copyOutput(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (!ready.isDone() && readyLine.test(line)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the process is killed: its log ends there.
        }
        ready.completeExceptionally(new IllegalStateException(
                name + " exited before it was ready; see " + log));
    }
}
