package dev.duplex.gateway.config;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Every setting of the gateway. Each has a safe default and an upper-case name; a value is
 * looked up as a context parameter, then a system property, then an environment variable.
 */
public final class GatewayConfig {

    private static final long DAY = 86_400;

    /** Below Integer.MAX_VALUE, so that one byte more than the limit still fits an int. */
    private static final long MAX_INT = Integer.MAX_VALUE - 1;

    private final Credential token;
    private volatile String generatedToken;
    private final boolean debug;
    private final boolean plainHttpAllowed;
    private final Duration gracePeriod;
    private final Duration pingInterval;
    private final Duration handshakeTimeout;
    private final int maxMessageBytes;
    private final long maxQueuedBytes;
    private final int maxClientsPerEndpoint;
    private final long defaultCallTimeoutMillis;
    private final List<String> corsOrigins;

    private GatewayConfig(Source source) {
        String plainToken = source.get("TOKEN");
        this.generatedToken = plainToken == null ? generateToken() : null;
        this.token = Credential.of(plainToken == null ? generatedToken : plainToken);
        this.debug = source.flag("DEBUG");
        this.plainHttpAllowed = source.flag("NOTLS");
        this.gracePeriod = Duration.ofSeconds(source.number("GRACE_SECONDS", 30, 0, DAY));
        this.pingInterval = Duration.ofSeconds(source.number("PING_SECONDS", 25, 1, DAY));
        this.handshakeTimeout = Duration.ofSeconds(
                source.number("HANDSHAKE_SECONDS", 10, 1, DAY));
        this.maxMessageBytes = (int) source.number("MAX_MESSAGE_BYTES", 1 << 20, 64, MAX_INT);
        this.maxQueuedBytes = source.number("MAX_QUEUED_BYTES", 16L << 20, 1024, Long.MAX_VALUE);
        this.maxClientsPerEndpoint = (int) source.number("MAX_CLIENTS", 10_000, 1, MAX_INT);
        this.defaultCallTimeoutMillis = source.number("CALL_TIMEOUT_MS", 0, 0, Long.MAX_VALUE);
        this.corsOrigins = source.list("CORS_ORIGINS");
    }

    /** Settings looked up by {@code lookup} first, then system properties, then environment. */
    public static GatewayConfig load(UnaryOperator<String> lookup) {
        return new GatewayConfig(new Source(lookup));
    }

    /** Settings from system properties and the environment only. */
    public static GatewayConfig fromEnvironment() {
        return load(name -> null);
    }

    /** The publish token a backend must present. */
    public Credential token() {
        return token;
    }

    /**
     * Hands out the token generated at start because none was configured, once, to be shown
     * to the operator; afterwards, and when a token was configured, {@code null}. Only the
     * digest stays in memory.
     */
    public String takeGeneratedToken() {
        String shown = generatedToken;
        generatedToken = null;
        return shown;
    }

    /** Whether every frame is logged (at debug level, with credentials masked). */
    public boolean debug() {
        return debug;
    }

    /** Whether connections without TLS are accepted, for local use. */
    public boolean plainHttpAllowed() {
        return plainHttpAllowed;
    }

    /** How long an endpoint whose last backend left stays before it is removed. */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** How often every WebSocket is pinged; a peer silent for two intervals is closed. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long a new connection may take to send its Duplex handshake. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Room a backend gets above {@link #maxMessageBytes}: the gateway wraps what callers send
     * (an HTTP body becomes a frame with its method and route, a client's frame gains its
     * route), so a backend that answers the largest call allowed with a reply of the same size
     * sends a frame somewhat larger than the call was. URLs, and so method names, stay well
     * under this on Jetty and Tomcat.
     */
    public static final int BACKEND_HEADROOM_BYTES = 16 * 1024;

    /**
     * The largest message accepted from a client or as an HTTP body; a larger one closes the
     * connection with 1009 (HTTP: 413).
     */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The largest message accepted from a backend: {@link #BACKEND_HEADROOM_BYTES} more. */
    public int maxBackendMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxMessageBytes + BACKEND_HEADROOM_BYTES);
    }

    /** Outbound bytes queued for one connection before it is closed as too slow. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    public int maxClientsPerEndpoint() {
        return maxClientsPerEndpoint;
    }

    /** The time limit of an HTTP call that asks for none, in milliseconds; 0 is no limit. */
    public long defaultCallTimeoutMillis() {
        return defaultCallTimeoutMillis;
    }

    /** Origins whose web pages may call the HTTP API; {@code *} allows any. */
    public List<String> corsOrigins() {
        return corsOrigins;
    }

    private static String generateToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Where values come from, in order; blank values count as unset. */
    private static final class Source {

        private final UnaryOperator<String> first;

        Source(UnaryOperator<String> first) {
            this.first = first;
        }

        String get(String name) {
            String value = first.apply(name);
            if (isBlank(value)) {
                value = System.getProperty(name);
            }
            if (isBlank(value)) {
                value = System.getenv(name);
            }
            return isBlank(value) ? null : value.trim();
        }

        boolean flag(String name) {
            String value = get(name);
            if (value == null) {
                return false;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "1": case "true": case "yes": case "on":
                    return true;
                case "0": case "false": case "no": case "off":
                    return false;
                default:
                    throw new IllegalArgumentException(
                            name + " must be true or false, got \"" + value + "\"");
            }
        }

        long number(String name, long defaultValue, long min, long max) {
            String value = get(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                long number = Long.parseLong(value);
                if (number < min || number > max) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number from " + min
                        + " to " + max + ", got \"" + value + "\"");
            }
        }

        List<String> list(String name) {
            String value = get(name);
            List<String> items = new ArrayList<>();
            if (value != null) {
                for (String item : value.split("[,\\s]+")) {
                    if (!item.isEmpty()) {
                        items.add(item);
                    }
                }
            }
            return List.copyOf(items);
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }
}
