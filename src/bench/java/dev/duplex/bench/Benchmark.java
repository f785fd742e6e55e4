package dev.duplex.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's main class, and its load generator: starts the gateway (the built WAR, with
 * {@code java -jar}) and the echo backend as processes of their own, runs every load through
 * the gateway and straight to the backend, and reports. See {@code bench/README.md}.
 *
 * <p>Arguments: {@code --quick} for a smoke run; {@code --profile} (or {@code
 * --profile=stream}, {@code --profile=http}) to record the gateway under the peak echo load
 * (or streams, or HTTP calls) with JDK Flight Recorder instead of the full run; {@code
 * --only=} with some of {@code idle,echo,stream,http} to run only those parts. The environment
 * variable {@code GATEWAY_JAVA_OPTS} adds JVM options to the gateway's command line.
 */
public final class Benchmark {

    static final String TOKEN = "bench-publish-token";
    static final String SECRET = "bench-secret";

    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Plan plan;
    private final Path war;
    private final Path out;
    private final List<String> gatewayOptions;
    private final List<String> parts;
    private Child gateway;
    private Child backend;
    private int gatewayPort;
    private int directPort;

    private Benchmark(Plan plan, Path war, Path out, List<String> gatewayOptions,
            List<String> parts) {
        this.plan = plan;
        this.war = war;
        this.out = out;
        this.gatewayOptions = gatewayOptions;
        this.parts = parts;
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args);
        Plan plan = flags.contains("--quick") ? Plan.quick() : Plan.full();
        Path war = Path.of(System.getProperty("bench.war", "target/duplex-gateway.war"));
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        String options = System.getenv().getOrDefault("GATEWAY_JAVA_OPTS", "").trim();
        List<String> gatewayOptions =
                options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
        Benchmark benchmark = new Benchmark(plan, war, out, gatewayOptions, parts(flags));
        try {
            String profile = profileKind(flags);
            if (profile != null) {
                benchmark.profile(profile);
            } else {
                benchmark.run();
            }
        } finally {
            benchmark.stopProcesses();
        }
        // The JDK's HTTP clients keep threads that are not daemons.
        System.exit(0);
    }

    /** What {@code --profile} or {@code --profile=echo|stream|http} asks to record, or null. */
    private static String profileKind(List<String> flags) {
        for (String flag : flags) {
            if (flag.equals("--profile")) {
                return "echo";
            }
            if (flag.startsWith("--profile=")) {
                return flag.substring("--profile=".length());
            }
        }
        return null;
    }

    /** The parts named by {@code --only=idle,echo,stream,http}; all of them by default. */
    private static List<String> parts(List<String> flags) {
        for (String flag : flags) {
            if (flag.startsWith("--only=")) {
                return List.of(flag.substring("--only=".length()).split(","));
            }
        }
        return List.of("idle", "echo", "stream", "http");
    }

    private void run() throws Exception {
        Report report = new Report(plan);
        startProcesses();
        report.header(gatewayCommand());
        Loads loads = new Loads(plan, gateway, backend, clientUri("gateway"),
                clientUri("direct"));
        if (parts.contains("idle")) {
            loads.idle(report, out.resolve("idle-histogram.txt"));
        }
        if (parts.contains("echo")) {
            loads.echo(report);
            loads.halfPeak(report);
        }
        if (parts.contains("stream")) {
            loads.stream(report);
        }
        if (parts.contains("http")) {
            loads.http(report, gatewayHttp("/bench/echo?secret=" + SECRET),
                    out.resolve("http-histogram.txt"));
        }
        report.finish(out.resolve("results.json"));
    }

    /** One load through the gateway, recorded by JFR, then summarised. */
    private void profile(String kind) throws Exception {
        startProcesses();
        System.out.printf("gateway: %s%n", gatewayCommand());
        Loads loads = new Loads(plan, gateway, backend, clientUri("gateway"),
                clientUri("direct"));
        Path recording = out.resolve("gateway.jfr");
        long calls = loads.profile(kind, gatewayHttp("/bench/echo?secret=" + SECRET), recording,
                Duration.ofSeconds(plan.name().equals("quick") ? 5 : 20));
        JfrSummary.print(recording, calls, out.resolve("profile.txt"));
    }

    private void startProcesses() throws Exception {
        Files.createDirectories(out);
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " not found: build it first (bench/run does)");
        }
        gatewayPort = freePort();
        gateway = Child.start("gateway", gatewayCommandLine(), Map.of(
                "PORT", Integer.toString(gatewayPort), "TOKEN", TOKEN, "NOTLS", "true",
                "MAX_CLIENTS", "100000"), out.resolve("gateway.log"), line -> false);
        awaitHealth();
        backend = Child.start("backend", backendCommandLine(), Map.of(),
                out.resolve("backend.log"), line -> line.startsWith("READY "));
        directPort = Integer.parseInt(backend.awaitReady(START_LIMIT).substring(6).trim());
    }

    private void stopProcesses() throws InterruptedException {
        if (backend != null) {
            backend.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private List<String> gatewayCommandLine() {
        List<String> command = new ArrayList<>(List.of(javaCommand()));
        command.addAll(gatewayOptions);
        command.addAll(List.of("-jar", war.toString()));
        return command;
    }

    private String gatewayCommand() {
        return String.join(" ", gatewayCommandLine().subList(1, gatewayCommandLine().size()))
                .replace(javaCommand(), "java");
    }

    private List<String> backendCommandLine() {
        return List.of(javaCommand(), "-cp", System.getProperty("java.class.path"),
                EchoBackend.class.getName(),
                gatewayUri(EchoBackend.PATH + "?token=" + TOKEN + "&secret=" + SECRET).toString());
    }

    /** Polls the health page: the gateway is up once it answers. */
    private void awaitHealth() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(gatewayHttp("/_gateway/health")).build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline && gateway.isAlive()) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway did not start; see " + out.resolve(
                "gateway.log"));
    }

    private URI clientUri(String path) {
        return path.equals("direct")
                ? URI.create("ws://127.0.0.1:" + directPort + EchoBackend.PATH)
                : gatewayUri(EchoBackend.PATH + "?secret=" + encode(SECRET));
    }

    private URI gatewayUri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + gatewayPort + pathAndQuery);
    }

    private URI gatewayHttp(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gatewayPort + pathAndQuery);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
