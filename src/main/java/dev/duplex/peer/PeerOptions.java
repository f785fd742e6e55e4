package dev.duplex.peer;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How {@link DuplexPeer#connect(java.net.URI, PeerOptions)} opens a connection and where the
 * peer runs its handlers. Immutable: each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * PeerOptions options = PeerOptions.defaults()
 *         .withHttpClient(HttpClient.newBuilder().sslContext(context).build())
 *         .withConnectTimeout(Duration.ofSeconds(5));
 * }</pre>
 */
public final class PeerOptions {

    /** How long connecting may take, from the first byte to the handshake answer. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final PeerOptions DEFAULTS =
            new PeerOptions(null, DEFAULT_CONNECT_TIMEOUT, null, Map.of());

    private final HttpClient httpClient;
    private final Duration connectTimeout;
    private final Executor executor;
    private final Map<String, String> headers;

    private PeerOptions(HttpClient httpClient, Duration connectTimeout, Executor executor,
            Map<String, String> headers) {
        this.httpClient = httpClient;
        this.connectTimeout = connectTimeout;
        this.executor = executor;
        this.headers = headers;
    }

    /** A shared HTTP client, a 10 second connect timeout, a shared handler pool, no headers. */
    public static PeerOptions defaults() {
        return DEFAULTS;
    }

    /** The client that opens the WebSocket; give one with an {@code SSLContext} for private CAs. */
    public PeerOptions withHttpClient(HttpClient client) {
        return new PeerOptions(Objects.requireNonNull(client, "client"), connectTimeout,
                executor, headers);
    }

    /** How long to wait for the WebSocket upgrade and then for the handshake answer. */
    public PeerOptions withConnectTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("expected a positive timeout, got " + timeout);
        }
        return new PeerOptions(httpClient, timeout, executor, headers);
    }

    /**
     * Where handlers, reply listeners and completions of calls run. It must be able to run
     * many tasks at once: a handler that waits for a callback holds its thread meanwhile.
     */
    public PeerOptions withExecutor(Executor handlerExecutor) {
        return new PeerOptions(httpClient, connectTimeout,
                Objects.requireNonNull(handlerExecutor, "handlerExecutor"), headers);
    }

    /**
     * A header for the WebSocket upgrade request, such as {@code Authorization}. The JDK
     * refuses the headers of the upgrade itself ({@code Upgrade}, {@code Sec-WebSocket-*}).
     */
    public PeerOptions withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new PeerOptions(httpClient, connectTimeout, executor,
                Collections.unmodifiableMap(more));
    }

    /** The given client, or a shared default one. */
    public HttpClient httpClient() {
        return httpClient != null ? httpClient : Shared.HTTP_CLIENT;
    }

    /** How long connecting may take; 10 seconds unless changed. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The given executor, or a shared pool of daemon threads that grows as needed. */
    public Executor executor() {
        return executor != null ? executor : Shared.HANDLERS;
    }

    /** The extra headers of the upgrade request, in the order given. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Created on first use, so peers given their own client and executor never start these. */
    private static final class Shared {

        static final HttpClient HTTP_CLIENT = HttpClient.newHttpClient();

        static final ExecutorService HANDLERS = Executors.newCachedThreadPool(daemonThreads());

        // Daemon threads, so that a program does not stay alive only because a peer once ran
        // a handler.
        private static ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, "duplex-peer-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
