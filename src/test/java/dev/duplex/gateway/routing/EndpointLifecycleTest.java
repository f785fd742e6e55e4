package dev.duplex.gateway.routing;

import static dev.duplex.gateway.routing.RoutingTest.json;
import static dev.duplex.gateway.routing.RoutingTest.replyTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.gateway.web.ConnectionChecksTest;
import dev.duplex.testing.Await;
import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backend pools, takeovers and the grace period, through the real gateway. */
class EndpointLifecycleTest {

    private GatewayServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void spreadsNewChannelsAcrossBackendsWithTheSameSecret() {
        server = GatewayServer.start();
        try (RawSocket first = backend("s"); RawSocket second = backend("s");
                RawSocket client = client("s")) {
            for (int id = 1; id <= 4; id++) {
                client.send("{\"type\":\"req\",\"id\":" + id + ",\"method\":\"m\"}");
            }

            assertThat(drain(first)).isEqualTo(2);
            assertThat(drain(second)).isEqualTo(2);
            assertThat(server.gateway().stats().backends()).isEqualTo(2);
        }
    }

    @Test
    void keepsAChannelAndItsCallbacksOnTheBackendWhereItStarted() {
        server = GatewayServer.start();
        try (RawSocket first = backend("s"); RawSocket second = backend("s");
                RawSocket client = client("s")) {
            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"up\",\"payload\":1,"
                    + "\"more\":true}");
            RawSocket owner = pickReceiver(first, second);
            RawSocket other = owner == first ? second : first;
            JsonObject request = json(owner.next());

            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"up\",\"payload\":2}");
            assertThat(json(owner.next()).getInt("payload")).isEqualTo(2);

            owner.send("{\"type\":\"req\",\"id\":50,\"method\":\"cb\",\"ext\":"
                    + request.getJsonObject("ext") + "}");
            long callbackId = json(client.next()).getJsonNumber("id").longValue();
            client.send("{\"type\":\"rep\",\"id\":" + callbackId + ",\"payload\":\"back\"}");
            assertThat(json(owner.next()).getString("payload")).isEqualTo("back");
            assertThat(other.poll(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void losingOneBackendFailsOnlyItsCallsAndTheOthersKeepServing() {
        server = GatewayServer.start();
        try (RawSocket first = backend("s"); RawSocket second = backend("s");
                RawSocket client = client("s")) {
            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"m\"}");
            client.send("{\"type\":\"req\",\"id\":2,\"method\":\"m\"}");
            JsonObject onFirst = json(first.next());
            JsonObject onSecond = json(second.next());

            first.close();

            JsonObject failed = json(client.next());
            assertThat(failed.getJsonObject("error").getInt("code")).isEqualTo(503);
            long survivingId = failed.getJsonNumber("id").longValue() == 1 ? 2 : 1;
            assertThat(onFirst).isNotNull();

            second.send(replyTo(onSecond, "\"ok\"", false));
            JsonObject answered = json(client.next());
            assertThat(answered.getJsonNumber("id").longValue()).isEqualTo(survivingId);

            client.send("{\"type\":\"req\",\"id\":3,\"method\":\"m\"}");
            second.send(replyTo(json(second.next()), "3", false));
            assertThat(json(client.next()).getInt("payload")).isEqualTo(3);
        }
    }

    @Test
    void aBackendWithAnotherSecretTakesOverAndEveryEarlierPeerIsClosed() {
        server = GatewayServer.start();
        try (RawSocket old = backend("old"); RawSocket oldClient = client("old")) {
            RawSocket usurper = backend("new");

            assertThat(old.closeStatus().code()).isEqualTo(1008);
            assertThat(oldClient.closeStatus().code()).isEqualTo(1008);
            assertThat(ConnectionChecksTest.upgradeStatus(server.clientUri("/pool", "old")))
                    .isEqualTo(401);
            try (RawSocket newClient = client("new")) {
                newClient.send("{\"type\":\"req\",\"method\":\"hello\"}");
                assertThat(json(usurper.next()).getString("method")).isEqualTo("hello");
            }
            usurper.close();
        }
    }

    @Test
    void keepsClientsThroughTheGracePeriodAndHandsThemToAReturningBackend() {
        server = GatewayServer.start(Map.of("GRACE_SECONDS", "30"));
        RawSocket first = backend("s");
        try (RawSocket client = client("s")) {
            first.close();
            Await.until("the backend to leave", () -> server.gateway().stats().backends() == 0);

            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"m\"}");
            assertThat(json(client.next()).getJsonObject("error").getInt("code")).isEqualTo(503);
            try (RawSocket late = client("s")) {
                assertThat(late.isClosed()).isFalse();
            }

            try (RawSocket returning = backend("s")) {
                client.send("{\"type\":\"req\",\"id\":2,\"method\":\"m\"}");
                returning.send(replyTo(json(returning.next()), "\"back\"", false));
                assertThat(json(client.next()).getString("payload")).isEqualTo("back");
            }
        }
    }

    @Test
    void removesTheEndpointWhenTheGracePeriodEnds() {
        server = GatewayServer.start(Map.of("GRACE_SECONDS", "1"));
        RawSocket only = backend("s");
        try (RawSocket client = client("s")) {
            only.close();

            assertThat(client.closeStatus().code()).isEqualTo(1001);
            assertThat(ConnectionChecksTest.upgradeStatus(server.clientUri("/pool", "s")))
                    .isEqualTo(404);
            assertThat(server.gateway().stats().endpoints()).isZero();
        }
    }

    private RawSocket backend(String secret) {
        return RawSocket.handshaken(server.backendUri("/pool", secret));
    }

    private RawSocket client(String secret) {
        return RawSocket.handshaken(server.clientUri("/pool", secret));
    }

    /** Counts the frames a socket receives until it is quiet for a moment. */
    private static int drain(RawSocket socket) {
        int count = 0;
        while (socket.poll(Duration.ofMillis(300)) != null) {
            count++;
        }
        return count;
    }

    /** The socket that received the next frame; the frame stays to be read. */
    private static RawSocket pickReceiver(RawSocket first, RawSocket second) {
        Await.until("a backend to receive the request",
                () -> first.hasFrame() || second.hasFrame());
        return first.hasFrame() ? first : second;
    }
}
