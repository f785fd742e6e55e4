package dev.duplex.gateway.routing;

import dev.duplex.gateway.config.Credential;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A published path: the backends that serve it, the clients that use it, and its secret.
 *
 * <p>Membership (backends, secret, grace timer, removal) changes only under the gateway's
 * membership lock; the collections are concurrent so that routing reads them without it.
 */
public final class Endpoint {

    private final String path;
    private final List<BackendLink> backends = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextBackend = new AtomicInteger();

    /** Clients by route key. */
    final ConcurrentMap<String, ClientLink> clients = new ConcurrentHashMap<>();

    // Guarded by the gateway's membership lock; volatile for lock-free readers.
    private volatile Credential secret;
    private volatile boolean removed;
    private ScheduledFuture<?> graceTimer;

    Endpoint(String path, Credential secret) {
        this.path = path;
        this.secret = secret;
    }

    public String path() {
        return path;
    }

    /** Whether {@code presented} is this endpoint's current secret (constant time). */
    public boolean acceptsSecret(String presented) {
        return secret.matches(presented);
    }

    public boolean isRemoved() {
        return removed;
    }

    public int backendCount() {
        return backends.size();
    }

    public int clientCount() {
        return clients.size();
    }

    Credential secret() {
        return secret;
    }

    void secret(Credential newSecret) {
        this.secret = newSecret;
    }

    List<BackendLink> backends() {
        return backends;
    }

    void markRemoved() {
        removed = true;
    }

    /** Spreads new channels across backends in turn; {@code null} when none is online. */
    BackendLink pickBackend() {
        while (true) {
            int size = backends.size();
            if (size == 0) {
                return null;
            }
            try {
                return backends.get(Math.floorMod(nextBackend.getAndIncrement(), size));
            } catch (IndexOutOfBoundsException shrunk) {
                // A backend left between size() and get(): pick again from the smaller list.
            }
        }
    }

    void graceTimer(ScheduledFuture<?> timer) {
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        graceTimer = timer;
    }
}
