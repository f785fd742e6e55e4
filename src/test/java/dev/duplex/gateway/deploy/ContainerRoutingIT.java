package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.gateway.routing.RoutingTest;
import dev.duplex.gateway.web.ConnectionChecksTest;
import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.testing.DeafSocket;
import dev.duplex.testing.DeployedGateway;
import dev.duplex.testing.RawSocket;
import dev.duplex.testing.ServletContainer;
import dev.duplex.testing.TestService;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calls through the built WAR on each servlet container. Tomcat's sessions refuse concurrent
 * sends and its default message limit is 8 KiB, and each container has its own WebSocket
 * implementation: what passes on the embedded Jetty alone proves nothing about them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.class)
class ContainerRoutingIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static DeployedGateway gateway;
    private static DuplexPeer backend;

    private final ServletContainer container;

    ContainerRoutingIT(ServletContainer container) {
        this.container = container;
    }

    @BeforeParameterizedClassInvocation
    static void publish(ServletContainer container) {
        // 2 MiB of queue: room for the 512 KiB message, little enough to fill from a test.
        gateway = container.deploy(Map.of("TOKEN", "it-token", "NOTLS", "true",
                "MAX_QUEUED_BYTES", String.valueOf(2 << 20)));
        backend = DuplexPeer.connect(ws("/tc/svc?token=it-token&secret=s"),
                PeerOptions.defaults(), TestService::offer);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        try {
            if (backend != null) {
                backend.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            // The next container starts afresh, even if its start fails half-way.
            backend = null;
            gateway = null;
        }
    }

    @Test
    void routesManyConcurrentCallsFromSeveralClientsOverOneBackend() throws Exception {
        List<DuplexPeer> clients = new ArrayList<>();
        List<CompletableFuture<JsonValue>> calls = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            clients.add(DuplexPeer.connect(ws("/tc/svc?secret=s")));
        }
        for (int i = 0; i < 400; i++) {
            calls.add(clients.get(i % 4).call("echo", Json.createValue(i)));
        }

        for (int i = 0; i < 400; i++) {
            assertThat(calls.get(i).get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(Json.createValue(i));
        }
        clients.forEach(DuplexPeer::close);
    }

    @Test
    void carriesMessagesOfHalfAMebibyte() throws Exception {
        try (DuplexPeer client = DuplexPeer.connect(ws("/tc/svc?secret=s"))) {
            JsonValue big = Json.createValue("x".repeat(512 * 1024));

            assertThat(client.call("echo", big).get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(big);
        }
    }

    @Test
    void answersTheLargestHttpBodyAllowedWithoutLosingTheBackend() throws Exception {
        // Exactly MAX_MESSAGE_BYTES (1 MiB by default): the frames to the backend and back
        // are larger than that, by the method and route the gateway wraps around the body.
        String body = "\"" + "y".repeat((1 << 20) - 2) + "\"";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(gateway.uri("/tc/svc/echo?secret=s"))
                        .timeout(LIMIT)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        try (DuplexPeer client = DuplexPeer.connect(ws("/tc/svc?secret=s"))) {
            assertThat(client.call("echo", Json.createValue(1))
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Json.createValue(1));
        }
    }

    @Test
    void streamsRepliesToWebSocketAndHttpCallers() throws Exception {
        try (DuplexPeer client = DuplexPeer.connect(ws("/tc/svc?secret=s"))) {
            assertThat(client.stream("count", Json.createValue(3))
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .containsExactly(Json.createValue(1), Json.createValue(2),
                            Json.createValue(3));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(gateway.uri("/tc/svc/count?secret=s"))
                        .timeout(LIMIT)
                        .POST(HttpRequest.BodyPublishers.ofString("3")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
        assertThat(response.body()).isEqualTo("1\n2\n3\n");
    }

    @Test
    void refusesConnectionsWithTheirExactStatus() {
        assertThat(ConnectionChecksTest.upgradeStatus(ws("/tc/svc?secret=wrong")))
                .as("wrong secret on %s", container)
                .isEqualTo(401);
        assertThat(ConnectionChecksTest.upgradeStatus(ws("/tc/svc?token=wrong&secret=s")))
                .as("wrong token on %s", container)
                .isEqualTo(401);
        assertThat(ConnectionChecksTest.upgradeStatus(ws("/tc/nowhere?secret=s")))
                .as("unknown endpoint on %s", container)
                .isEqualTo(404);
    }

    @Test
    void closesAClientThatStopsReadingWhileTheBackendCarriesOn() throws Exception {
        try (RawSocket pusher = RawSocket.handshaken(ws("/tc/push?token=it-token&secret=p"));
                DeafSocket stalled = DeafSocket.stalled(ws("/tc/push?secret=p"));
                DuplexPeer other = DuplexPeer.connect(ws("/tc/svc?secret=s"))) {
            stalled.sendText("{\"type\":\"req\",\"method\":\"hello\"}");
            String route = RoutingTest.json(pusher.next()).getJsonObject("ext").getString("route");
            String chunk = "z".repeat(32 * 1024);

            for (int i = 0; i < 2000; i++) {
                pusher.send("{\"type\":\"req\",\"id\":" + (i + 1) + ",\"method\":\"push\","
                        + "\"payload\":\"" + chunk + "\",\"ext\":{\"route\":\"" + route + "\"}}");
                if (pusher.hasFrame()) {
                    break;
                }
            }

            JsonObject refused = RoutingTest.json(pusher.next());
            assertThat(refused.getJsonObject("error").getInt("code")).isEqualTo(404);
            assertThat(other.call("echo", Json.createValue("still here"))
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(Json.createValue("still here"));
        }
    }

    private static URI ws(String pathAndQuery) {
        return gateway.webSocketUri(pathAndQuery);
    }
}
