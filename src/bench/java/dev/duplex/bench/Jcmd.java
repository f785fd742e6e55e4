package dev.duplex.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the gateway's JVM for a collection, its heap use, or a flight recording, through the
 * JDK's {@code jcmd}. Everything here is optional: without {@code jcmd} the report shows
 * those numbers as missing.
 */
final class Jcmd {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Path command =
            Path.of(System.getProperty("java.home"), "bin", "jcmd");

    Jcmd(long pid) {
        this.pid = pid;
    }

    boolean available() {
        return Files.isExecutable(command);
    }

    /** Runs a full collection, so that heap use shows what is live. */
    void collect() {
        run("GC.run");
    }

    /** Heap in use in bytes, or -1 when it cannot be read. */
    long heapUsedBytes() {
        Matcher used = USED.matcher(run("GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    }

    void startRecording(String name) {
        run("JFR.start", "name=" + name, "settings=profile");
    }

    void stopRecording(String name, Path file) {
        run("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    private String run(String... arguments) {
        if (!available()) {
            return "";
        }
        List<String> line = new ArrayList<>(List.of(command.toString(), Long.toString(pid)));
        line.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
