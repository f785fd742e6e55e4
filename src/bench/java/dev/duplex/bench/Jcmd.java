package dev.duplex.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

    private final long pid;
    private final Path command =
            Path.of(System.getProperty("java.home"), "bin", "jcmd");

    Jcmd(long pid) {
        this.pid = pid;
    }

    boolean available() {
        return Files.isExecutable(command);
    }

    /**
     * The live objects by class, counted right after a full collection at one safepoint: exact
     * even while a load keeps allocating, unlike heap use read after a separate collection.
     */
    Histogram histogram() {
        String text = run("GC.class_histogram");
        Matcher total = TOTAL.matcher(text);
        long live = total.find() ? Long.parseLong(total.group(1)) : -1;
        String[] lines = text.split("\n");
        String top = String.join("\n", Arrays.copyOf(lines, Math.min(lines.length, 60)));
        return new Histogram(live, top + "\n");
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

    /** Bytes of live objects (-1 if unknown), and the first lines of the class listing. */
    record Histogram(long liveBytes, String top) {
    }
}
