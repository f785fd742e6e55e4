package dev.duplex.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the gateway's flight recording and says where its CPU time and its allocations go:
 * by the gateway's own steps (stacks that pass through them), by library (the method on top
 * of the stack), by method, by thread, and what the collector did.
 */
final class JfrSummary {

    /** Steps of a routed frame, each recognised by a frame anywhere on the stack. */
    private static final Map<String, Predicate<String>> STEPS = steps();

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private long gcCount;
    private double gcPauseMillis;

    private JfrSummary() {
    }

    /** Prints the summary and writes it to {@code text} as well. */
    static void print(Path recording, long calls, Path text) throws IOException {
        JfrSummary summary = new JfrSummary();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            summary.add(event);
        }
        try (PrintStream file = new PrintStream(Files.newOutputStream(text), true, "UTF-8")) {
            summary.write(System.out, calls);
            summary.write(file, calls);
        }
        System.out.printf("%nSummary written to %s; recording in %s%n", text, recording);
    }

    private void add(RecordedEvent event) {
        String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
            cpuSample(event.getStackTrace(), event.getThread("sampledThread").getJavaName());
        } else if (type.equals("jdk.ObjectAllocationSample")) {
            allocation(event.getStackTrace(), event.getClass("objectClass").getName(),
                    event.getLong("weight"));
        } else if (type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.ThreadPark")) {
            blocked(event, type);
        } else if (type.equals("jdk.GarbageCollection")) {
            gcCount++;
            gcPauseMillis += event.getDouble("sumOfPauses") / 1e6;
        }
    }

    private void cpuSample(RecordedStackTrace stack, String thread) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        List<RecordedFrame> frames = stack.getFrames();
        tally("cpu.step").addSteps(frames, 1);
        tally("cpu.library").add(library(name(frames.get(0))), 1);
        tally("cpu.method").add(name(frames.get(0)), 1);
        tally("cpu.thread").add(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1);
    }

    private void allocation(RecordedStackTrace stack, String type, long bytes) {
        tally("alloc.class").add(type, bytes);
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        tally("alloc.step").addSteps(stack.getFrames(), bytes);
        tally("alloc.site").add(firstOwnFrame(stack.getFrames()), bytes);
    }

    /**
     * Waits of 10 ms and more (the profile's threshold), by what was waited on and where.
     * Idle pool threads park all the time, so parks are named by their first frame outside
     * the JDK, which tells an idle worker from a thread waiting for work to finish.
     */
    private void blocked(RecordedEvent event, String type) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        String what = type.equals("jdk.JavaMonitorEnter")
                ? "monitor of " + event.getClass("monitorClass").getName() + " in "
                        + firstOwnFrame(stack.getFrames())
                : "park in " + firstFrameOutsideJdk(stack.getFrames());
        tally("blocked").add(what, event.getDuration().toMillis());
    }

    private static String firstFrameOutsideJdk(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (!name.startsWith("java.") && !name.startsWith("jdk.")
                    && !name.startsWith("sun.")) {
                return name;
            }
        }
        return name(frames.get(0));
    }

    private void write(PrintStream out, long calls) {
        Tally cpu = tally("cpu.library");
        Tally allocated = tally("alloc.class");
        out.printf(Locale.ROOT, "%nJFR: %d CPU samples of Java code, %.1f MB allocated "
                + "(sampled weight),%n%.2f KB per call (or streamed reply) over %,d; %d "
                + "collections, %.0f ms of pauses%n", cpu.total, allocated.total / 1e6,
                allocated.total / 1e3 / Math.max(1, calls), calls, gcCount, gcPauseMillis);
        section(out, "CPU by step of the gateway (a sample counts for every step on its stack)",
                tally("cpu.step"), cpu.total, 20);
        section(out, "CPU by library (the method running)", cpu, cpu.total, 20);
        section(out, "CPU by method (the method running)", tally("cpu.method"), cpu.total, 30);
        section(out, "CPU by thread", tally("cpu.thread"), cpu.total, 12);
        section(out, "Allocation by step (bytes)", tally("alloc.step"), allocated.total, 20);
        section(out, "Allocation by first gateway frame", tally("alloc.site"),
                allocated.total, 20);
        section(out, "Allocation by class", allocated, allocated.total, 20);
        Tally blocked = tally("blocked");
        out.printf(Locale.ROOT, "%nThreads blocked 10 ms or more: %,d ms in all (idle "
                + "pool threads included)%n", blocked.total);
        section(out, "Blocked time by cause and first gateway frame", blocked, blocked.total, 12);
    }

    private static void section(PrintStream out, String title, Tally tally, long total,
            int rows) {
        out.printf("%n%s%n", title);
        tally.counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(rows)
                .forEach(entry -> out.printf(Locale.ROOT, "  %5.1f%%  %s%n",
                        100.0 * entry.getValue() / Math.max(1, total), entry.getKey()));
    }

    private Tally tally(String name) {
        return tallies.computeIfAbsent(name, key -> new Tally());
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String firstOwnFrame(List<RecordedFrame> frames) {
        if (frames.isEmpty()) {
            return "?";
        }
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith("dev.duplex.")) {
                return name;
            }
        }
        return "(no gateway frame) " + name(frames.get(0));
    }

    /** The library a method belongs to, by the package prefixes that matter here. */
    private static String library(String method) {
        String[][] prefixes = {
            {"dev.duplex.", "gateway code"},
            {"org.eclipse.parsson.", "JSON-P (Parsson)"},
            {"jakarta.json.", "JSON-P (Parsson)"},
            {"org.eclipse.jetty.websocket.", "Jetty WebSocket"},
            {"org.eclipse.jetty.ee10.websocket.", "Jetty WebSocket"},
            {"org.eclipse.jetty.io.", "Jetty I/O"},
            {"org.eclipse.jetty.util.thread.", "Jetty threads"},
            {"org.eclipse.jetty.", "Jetty other"},
            {"org.slf4j.", "logging"},
            {"sun.nio.", "JDK NIO"},
            {"java.nio.", "JDK NIO"},
            {"java.util.concurrent.", "JDK concurrency"},
            {"java.lang.String", "JDK strings"},
            {"java.lang.AbstractStringBuilder", "JDK strings"},
            {"java.math.", "JDK BigDecimal"},
            {"java.", "JDK other"},
            {"jdk.", "JDK other"},
            {"sun.", "JDK other"},
        };
        for (String[] prefix : prefixes) {
            if (method.startsWith(prefix[0])) {
                return prefix[1];
            }
        }
        return "other";
    }

    private static Map<String, Predicate<String>> steps() {
        Map<String, Predicate<String>> steps = new LinkedHashMap<>();
        steps.put("JsonProvider.provider: a ServiceLoader lookup in every Json.create* call",
                name -> name.equals("jakarta.json.spi.JsonProvider.provider"));
        steps.put("class loader resource lookups (jars, files)",
                name -> name.startsWith("jdk.internal.loader.URLClassPath")
                        || name.startsWith("java.util.jar.JarFile"));
        steps.put("MessageCodec.decode: parse a frame into a JSON-P tree",
                name -> name.equals("dev.duplex.protocol.MessageCodec.decode"));
        steps.put("MessageCodec.encode: write the message back to text",
                name -> name.equals("dev.duplex.protocol.MessageCodec.encode"));
        steps.put("Message.with*: copy ext and the message",
                name -> name.startsWith("dev.duplex.protocol.Message.with"));
        steps.put("Router and Gateway: id maps, routing",
                name -> name.startsWith("dev.duplex.gateway.routing."));
        steps.put("SocketConnection: queue and write one frame at a time",
                name -> name.startsWith("dev.duplex.gateway.web.SocketConnection."));
        steps.put("Jetty WebSocket: frames in and out",
                name -> name.startsWith("org.eclipse.jetty.websocket."));
        steps.put("Jetty I/O: selector, fill and flush",
                name -> name.startsWith("org.eclipse.jetty.io."));
        steps.put("socket reads and writes (JDK)",
                name -> name.startsWith("sun.nio.ch.SocketChannelImpl."));
        steps.put("logging (SLF4J)", name -> name.startsWith("org.slf4j."));
        steps.put("UTF-8 decoding and encoding of text frames",
                name -> name.contains("Utf8") || name.startsWith("sun.nio.cs.UTF_8"));
        return steps;
    }

    /** Counts (samples or bytes) by key. */
    private static final class Tally {

        final Map<String, Long> counts = new HashMap<>();
        long total;

        void add(String key, long amount) {
            counts.merge(key, amount, Long::sum);
            total += amount;
        }

        /** Counts once for every step that appears on the stack, and once in the total. */
        void addSteps(List<RecordedFrame> frames, long amount) {
            total += amount;
            for (Map.Entry<String, Predicate<String>> step : STEPS.entrySet()) {
                if (frames.stream().anyMatch(frame -> step.getValue().test(name(frame)))) {
                    counts.merge(step.getKey(), amount, Long::sum);
                }
            }
        }
    }
}
