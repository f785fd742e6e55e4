package dev.duplex.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints each result as soon as it is measured, and keeps it for the JSON file and for the
 * closing comparison with the targets of issue 6.
 */
final class Report {

    private static final String ECHO_COLUMNS =
            "%7s %-8s %9s %7s %7s %7s %7s %7s %6s %7s %6s %9s%n";

    private final JsonObjectBuilder json = Json.createObjectBuilder();
    private final JsonArrayBuilder echoRows = Json.createArrayBuilder();
    private final Map<String, Double> numbers = new HashMap<>();
    private final Plan plan;
    private final Targets targets;

    Report(Plan plan) {
        this.plan = plan;
        this.targets = new Targets(plan, numbers);
    }

    void header(String gatewayCommand) {
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("Duplex Gateway benchmark, %s run: %d cores, %s%n", plan.name(), cores,
                java);
        System.out.printf("gateway: %s%n", gatewayCommand);
        json.add("run", Json.createObjectBuilder().add("plan", plan.name()).add("cores", cores)
                .add("java", java).add("gateway", gatewayCommand)
                .add("windowSeconds", plan.window().toMillis() / 1000.0));
    }

    void echoHeader(int depth) {
        System.out.printf("%nEcho calls, %d in flight per client. CPU: microseconds per call of "
                + "each process;%nsys: the gateway's share of system time; cs: its context "
                + "switches per call%n", depth);
        System.out.printf(ECHO_COLUMNS, "clients", "path", "calls/s", "p50 ms", "p99 ms",
                "gateway", "backend", "loadgen", "sys %", "cs/call", "errors", "vs direct");
    }

    void echo(int clients, String path, Window window, Samples.Percentiles latency,
            long failed) {
        String key = path + "." + clients;
        numbers.put(key + ".rate", window.rate());
        numbers.put(key + ".p99", latency.p99());
        numbers.put(key + ".cpu", window.gatewayMicrosPer());
        Double direct = numbers.get("direct." + clients + ".rate");
        String ratio = path.equals("gateway") && direct != null
                ? String.format(Locale.ROOT, "%.2fx", window.rate() / direct) : "";
        // Direct calls leave the gateway idle: its split and switches would be noise.
        boolean viaGateway = path.equals("gateway");
        System.out.printf(Locale.ROOT, ECHO_COLUMNS, clients, path, count(window.rate()),
                ms(latency.p50()), ms(latency.p99()), micros(window.gatewayMicrosPer()),
                micros(window.backendMicrosPer()), micros(window.loadMicrosPer()),
                viaGateway ? percent(window.gatewaySystemShare()) : "-",
                viaGateway ? micros(window.gatewaySwitchesPer()) : "-", failed, ratio);
        echoRows.add(callRow(window, latency, failed).add("clients", clients).add("path", path));
    }

    void halfPeak(double rate, Window direct, Samples.Percentiles directLatency,
            Window gateway, Samples.Percentiles gatewayLatency, long skipped) {
        double added = gatewayLatency.p99() - directLatency.p99();
        numbers.put("halfPeak.addedP99", added);
        System.out.printf(Locale.ROOT, "%nHalf of the gateway's peak, %s calls/s paced over "
                + "the same clients:%n", count(rate));
        System.out.printf(Locale.ROOT, "  direct  p50 %s ms, p99 %s ms (%s calls/s)%n",
                ms(directLatency.p50()), ms(directLatency.p99()), count(direct.rate()));
        System.out.printf(Locale.ROOT, "  gateway p50 %s ms, p99 %s ms (%s calls/s), "
                + "%s us gateway CPU per call, %s%% system%n", ms(gatewayLatency.p50()),
                ms(gatewayLatency.p99()), count(gateway.rate()),
                micros(gateway.gatewayMicrosPer()), percent(gateway.gatewaySystemShare()));
        System.out.printf(Locale.ROOT, "  p99 added by the gateway: %s ms; calls the pacer "
                + "could not send: %d%n", ms(added), skipped);
        json.add("halfPeak", Json.createObjectBuilder().add("callsPerSecond", rate)
                .add("direct", callRow(direct, directLatency, 0))
                .add("gateway", callRow(gateway, gatewayLatency, 0))
                .add("addedP99Ms", finite(added)).add("skipped", skipped));
    }

    void stream(String path, Window window, long replies, int bytesPerReply) {
        double megabytes = window.rate() / 1e6;
        numbers.put("stream." + path, megabytes);
        Double direct = numbers.get("stream.direct");
        String ratio = path.equals("gateway") && direct != null
                ? String.format(Locale.ROOT, ", %.2fx direct", megabytes / direct) : "";
        if (path.equals("direct")) {
            System.out.printf("%nStreamed replies of %d bytes (payload MB/s, 1 MB = 10^6 "
                    + "bytes; CPU: microseconds per reply)%n", bytesPerReply);
        }
        double perReply = window.gatewayCpuSeconds() * 1e6 / Math.max(1, replies);
        System.out.printf(Locale.ROOT, "  %-8s %8.1f MB/s, %s replies/s, gateway %s us per "
                + "reply%s%n", path, megabytes, count(replies / window.seconds()),
                micros(perReply), ratio);
        json.add("stream" + capitalized(path), Json.createObjectBuilder()
                .add("megabytesPerSecond", finite(megabytes)).add("bytesPerReply", bytesPerReply)
                .add("repliesPerSecond", replies / window.seconds())
                .add("gatewayCpuMicrosPerReply", finite(perReply))
                .add("backendCpuSeconds", window.backendCpuSeconds())
                .add("loadCpuSeconds", window.loadCpuSeconds()));
    }

    void http(int connections, Window window, Samples.Percentiles latency, long failed,
            Memory before, Memory after) {
        numbers.put("http.rate", window.rate());
        Double webSocket = numbers.get("gateway." + plan.peakClients() + ".rate");
        double ratio = webSocket == null ? Double.NaN : window.rate() / webSocket;
        System.out.printf(Locale.ROOT, "%nHTTP API through the gateway, %d keep-alive "
                + "connections, one call in flight each%n", connections);
        System.out.printf(Locale.ROOT, "  %s calls/s, p50 %s ms, p99 %s ms, %d errors; "
                + "%.2fx the WebSocket path at %dx%d%n", count(window.rate()), ms(latency.p50()),
                ms(latency.p99()), failed, ratio, plan.peakClients(), plan.depth());
        System.out.printf(Locale.ROOT, "  CPU per call: gateway %s us (%s%% system), backend "
                + "%s us, load generator %s us%n", micros(window.gatewayMicrosPer()),
                percent(window.gatewaySystemShare()), micros(window.backendMicrosPer()),
                micros(window.loadMicrosPer()));
        System.out.printf(Locale.ROOT, "  gateway live heap: %s MB before the window, %s MB "
                + "after its %s calls;%n  resident %s MB -> %s MB%n",
                mb(before.heapBytes()), mb(after.heapBytes()), count(window.completed()),
                mb(before.residentBytes()), mb(after.residentBytes()));
        numbers.put("http.ratio", ratio);
        json.add("http", callRow(window, latency, failed).add("connections", connections)
                .add("ratioToWebSocket", finite(ratio)).add("before", before.json())
                .add("after", after.json()));
    }

    void idle(int clients, int failed, double connectSeconds, Memory baseline, Memory loaded,
            Memory collected) {
        long perClient = (loaded.residentBytes() - baseline.residentBytes()) / clients;
        long heapPerClient = (collected.heapBytes() - baseline.heapBytes()) / clients;
        numbers.put("idle.totalMb", loaded.residentBytes() / 1e6);
        numbers.put("idle.clients", (double) clients);
        System.out.printf(Locale.ROOT, "%nIdle clients: %d connected in %.1f s (%d failed)%n",
                clients, connectSeconds, failed);
        System.out.printf(Locale.ROOT, "  gateway resident memory: %s MB with no client, "
                + "%s MB with them (%s MB after a full GC)%n", mb(baseline.residentBytes()),
                mb(loaded.residentBytes()), mb(collected.residentBytes()));
        System.out.printf(Locale.ROOT, "  per idle client: %s KB resident, %s KB of live "
                + "heap%n", kb(perClient), kb(heapPerClient));
        json.add("idle", Json.createObjectBuilder().add("clients", clients).add("failed", failed)
                .add("connectSeconds", connectSeconds).add("baseline", baseline.json())
                .add("withClients", loaded.json()).add("afterFullGc", collected.json())
                .add("residentBytesPerClient", perClient)
                .add("liveHeapBytesPerClient", heapPerClient));
    }

    /** Prints the targets of issue 6 with the measured values, and writes the JSON file. */
    void finish(Path file) throws IOException {
        json.add("echo", echoRows);
        json.add("targets", targets.print());
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file);
                JsonGenerator generator = Json.createGeneratorFactory(
                        Map.of(JsonGenerator.PRETTY_PRINTING, true)).createGenerator(out)) {
            JsonObject all = json.build();
            generator.write(all);
        }
        System.out.printf("%nResults written to %s%n", file);
    }

    private static JsonObjectBuilder callRow(Window window, Samples.Percentiles latency,
            long failed) {
        return Json.createObjectBuilder()
                .add("callsPerSecond", finite(window.rate()))
                .add("p50Ms", finite(latency.p50())).add("p99Ms", finite(latency.p99()))
                .add("gatewayCpuMicrosPerCall", finite(window.gatewayMicrosPer()))
                .add("gatewaySystemShare", finite(window.gatewaySystemShare()))
                .add("gatewayContextSwitchesPerCall", finite(window.gatewaySwitchesPer()))
                .add("backendCpuMicrosPerCall", finite(window.backendMicrosPer()))
                .add("loadCpuMicrosPerCall", finite(window.loadMicrosPer()))
                .add("calls", window.completed()).add("errors", failed);
    }

    /** JSON has no NaN or infinity: a number that could not be measured is written as -1. */
    static double finite(double value) {
        return Double.isFinite(value) ? value : -1;
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f", share * 100);
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String micros(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e3);
    }
}
