package dev.duplex.gateway.routing;

import dev.duplex.gateway.config.Credential;
import dev.duplex.gateway.config.GatewayConfig;
import dev.duplex.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's routing core: the published endpoints and every link attached to them.
 *
 * <p>Membership changes (publish, join, takeover, leave, expiry) take one lock; they are rare
 * next to messages, which are routed without it through the links' concurrent id maps.
 */
public final class Gateway {

    /** Close code for peers of an endpoint taken over by a backend with another secret. */
    public static final int CLOSE_TAKEN_OVER = 1008;

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Object membership = new Object();
    private final Router router = new Router();
    private final AtomicLong lastRoute = new AtomicLong();
    private volatile boolean shuttingDown;

    public Gateway(GatewayConfig config, ScheduledExecutorService scheduler) {
        this.config = config;
        this.scheduler = scheduler;
    }

    public GatewayConfig config() {
        return config;
    }

    /** Runs timers: grace periods, handshake limits, pings. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The endpoint published at {@code path}, or {@code null}. */
    public Endpoint endpoint(String path) {
        return endpoints.get(path);
    }

    /**
     * Attaches a backend that completed its handshake. It creates the endpoint, joins it (same
     * secret), or takes it over (another secret: every earlier peer is closed).
     */
    public BackendLink attachBackend(String path, Credential secret, Connection connection) {
        List<Link> evicted = new ArrayList<>();
        BackendLink backend;
        String outcome;
        synchronized (membership) {
            Endpoint endpoint = endpoints.get(path);
            if (endpoint == null) {
                endpoint = new Endpoint(path, secret);
                endpoints.put(path, endpoint);
                outcome = "published a new endpoint";
            } else if (endpoint.secret().sameAs(secret)) {
                outcome = "joined, " + (endpoint.backendCount() + 1) + " backends now";
            } else {
                evicted.addAll(endpoint.backends());
                evicted.addAll(endpoint.clients.values());
                endpoint.secret(secret);
                outcome = "took the endpoint over with a new secret, closing "
                        + evicted.size() + " earlier peers";
            }
            endpoint.graceTimer(null);
            backend = new BackendLink(endpoint, connection);
            endpoint.backends().add(backend);
        }
        log.info("{} backend {}: {}", path, connection.remoteAddress(), outcome);

        for (Link link : evicted) {
            detach(link);
            link.connection().close(CLOSE_TAKEN_OVER, "endpoint taken over by another backend");
        }
        return backend;
    }

    /**
     * Attaches a client that completed its handshake.
     *
     * @param admittedWith the endpoint's secret as it was when the client was admitted
     * @return the link, or {@code null} when the endpoint was removed, taken over or filled up
     *     since
     */
    public ClientLink attachClient(Endpoint endpoint, Admission admittedWith,
            Connection connection) {
        synchronized (membership) {
            if (endpoint.isRemoved() || endpoint.secret() != admittedWith.secret()
                    || !hasRoomForClient(endpoint)) {
                return null;
            }
            String route = nextRoute("c");
            ClientLink client = new ClientLink(endpoint, connection, route);
            endpoint.clients.put(route, client);
            return client;
        }
    }

    /**
     * Checks a client's secret against an endpoint at upgrade time.
     *
     * @return the admission to attach with, or {@code null} if the secret is wrong
     */
    public Admission admitClient(Endpoint endpoint, String secret) {
        Credential current = endpoint.secret();
        return current.matches(secret) ? new Admission(current) : null;
    }

    /** Whether another client may join, under the configured limit. */
    public boolean hasRoomForClient(Endpoint endpoint) {
        return endpoint.clientCount() < config.maxClientsPerEndpoint();
    }

    /** Routes a message a backend sent. */
    public void fromBackend(BackendLink backend, Message message) {
        if (backend.isDetached()) {
            return;
        }
        if (message.isReply()) {
            router.replyFromBackend(backend, message);
        } else {
            router.requestFromBackend(backend, message);
        }
    }

    /** Routes a message a client sent. */
    public void fromClient(ClientLink client, Message message) {
        if (client.isDetached()) {
            return;
        }
        if (message.isReply()) {
            router.replyFromClient(client, message);
        } else {
            router.fromClient(client, message);
        }
    }

    /**
     * Makes a call for an HTTP caller: {@code request} is the method and payload, the gateway
     * gives it its id and route. Replies go to {@code listener}; with no backend online it
     * gets a 503 error reply at once.
     */
    public HttpCall call(Endpoint endpoint, Message request, ReplyListener listener) {
        HttpCall call = new HttpCall(nextRoute("h"), listener);
        Message routed = request.withId(HttpCall.CALL_ID)
                .withExtMember(Router.ROUTE, call.route());
        router.openChannel(call, HttpCall.CALL_ID, null, routed, endpoint.pickBackend());
        return call;
    }

    /**
     * Sends {@code notice} to a backend with no id: no reply wanted.
     *
     * @return false when no backend is online to take it
     */
    public boolean notify(Endpoint endpoint, Message notice) {
        BackendLink backend = endpoint.pickBackend();
        if (backend == null) {
            return false;
        }
        backend.send(notice.withId(0).withExtMember(Router.ROUTE, nextRoute("h")));
        return true;
    }

    /** Detaches a link whose connection closed; its open channels end. Safe to call twice. */
    public void detach(Link link) {
        if (!link.markDetached()) {
            return;
        }
        if (link instanceof BackendLink backend) {
            backendLeft(backend);
            router.backendLeft(backend);
        } else if (link instanceof ClientLink client) {
            client.endpoint().clients.remove(client.route(), client);
            router.clientLeft(client);
        }
    }

    /** Closes every peer for a restart (1012): they reconnect elsewhere or after it. */
    public void shutdown() {
        List<Link> links = new ArrayList<>();
        synchronized (membership) {
            shuttingDown = true;
            for (Endpoint endpoint : endpoints.values()) {
                endpoint.graceTimer(null);
                links.addAll(endpoint.backends());
                links.addAll(endpoint.clients.values());
            }
        }
        for (Link link : links) {
            detach(link);
            link.connection().close(1012, "gateway restarting");
        }
        log.info("gateway shut down, closed {} connections", links.size());
    }

    /** Counts of what the gateway holds, for status pages and leak checks. */
    public Stats stats() {
        int backends = 0;
        int clients = 0;
        int channels = 0;
        for (Endpoint endpoint : endpoints.values()) {
            for (BackendLink backend : endpoint.backends()) {
                backends++;
                channels += backend.openChannels();
            }
            for (ClientLink client : endpoint.clients.values()) {
                clients++;
                channels += client.openChannels();
            }
        }
        return new Stats(endpoints.size(), backends, clients, channels);
    }

    /** A route key: short, unique in this gateway, and derived from nothing secret. */
    private String nextRoute(String kind) {
        return kind + Long.toString(lastRoute.incrementAndGet(), 36);
    }

    private void backendLeft(BackendLink backend) {
        Endpoint endpoint = backend.endpoint();
        synchronized (membership) {
            boolean wasMember = endpoint.backends().remove(backend);
            boolean lastOne = wasMember && endpoint.backendCount() == 0;
            if (lastOne && !endpoint.isRemoved() && !shuttingDown) {
                long graceMillis = config.gracePeriod().toMillis();
                endpoint.graceTimer(scheduler.schedule(
                        () -> expire(endpoint), graceMillis, TimeUnit.MILLISECONDS));
            }
        }
    }

    private void expire(Endpoint endpoint) {
        List<ClientLink> clients;
        synchronized (membership) {
            if (endpoint.backendCount() > 0 || endpoint.isRemoved()) {
                return;
            }
            endpoints.remove(endpoint.path(), endpoint);
            endpoint.markRemoved();
            clients = new ArrayList<>(endpoint.clients.values());
        }
        log.info("{}: no backend came back within the grace period, endpoint removed, "
                + "closing {} clients", endpoint.path(), clients.size());
        for (ClientLink client : clients) {
            detach(client);
            client.connection().close(1001, "endpoint removed: no backend online");
        }
    }

    /** Proof that a client presented the endpoint's secret as it then was. */
    public record Admission(Credential secret) {
    }

    /** What the gateway holds: endpoints, attached links, and open channels in the id maps. */
    public record Stats(int endpoints, int backends, int clients, int openChannels) {
    }
}
