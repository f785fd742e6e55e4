package dev.duplex.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.Await;
import dev.duplex.testing.DeafSocket;
import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The configurable limits and the keepalive, each against the real gateway. */
class LimitsTest {

    @Test
    void carriesMessagesUpToTheDefaultMebibyteOnJetty() {
        try (GatewayServer server = GatewayServer.start();
                RawSocket backend = RawSocket.handshaken(server.backendUri("/big", "s"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/big", "s"))) {
            String big = "x".repeat(900 * 1024);
            client.send("{\"type\":\"req\",\"method\":\"m\",\"payload\":\"" + big + "\"}");

            assertThat(backend.next()).contains(big);
        }
    }

    @Test
    void closesAConnectionThatSendsALargerMessageWith1009() {
        try (GatewayServer server = GatewayServer.start(Map.of("MAX_MESSAGE_BYTES", "1000"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/big", "s"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/big", "s"))) {
            client.send("{\"type\":\"req\",\"method\":\"m\",\"payload\":\"" + "y".repeat(2000)
                    + "\"}");

            assertThat(client.closeStatus().code()).isEqualTo(1009);
            assertThat(backend.isClosed()).isFalse();
        }
    }

    @Test
    void keepsABackendThatEchoesTheLargestCallAClientMaySend() {
        try (GatewayServer server = GatewayServer.start(Map.of("MAX_MESSAGE_BYTES", "1000"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/echo", "s"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/echo", "s"))) {
            String call = "{\"type\":\"req\",\"id\":9007199254740991,\"method\":\"echo\","
                    + "\"payload\":\"";
            call += "z".repeat(1000 - call.length() - 2) + "\"}";
            client.send(call);

            // The gateway added the route: the backend got more than a client may send.
            String routed = backend.next();
            assertThat(routed.length()).isGreaterThan(1000);
            backend.send(routed.replace("\"req\",", "\"rep\",").replace("\"method\":\"echo\",",
                    "") + " ".repeat(40));

            assertThat(client.next()).contains("z".repeat(900)).doesNotContain("route");
            assertThat(backend.isClosed()).isFalse();
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void passesAClientsExtAsWrittenSoAnEchoOfItStaysWithinTheBackendsLimit() {
        try (GatewayServer server = GatewayServer.start(Map.of("MAX_MESSAGE_BYTES", "100000"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/ext", "s"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/ext", "s"))) {
            // Written out again as a tree, 1e1 would become 1E+1: a quarter larger.
            String numbers = "1e1,".repeat(24_980) + "1";
            String call = "{\"type\":\"req\",\"id\":1,\"method\":\"echo\",\"ext\":{\"n\":["
                    + numbers + "]}}";
            client.send(call);

            String routed = backend.next();
            assertThat(routed).contains("{\"n\":[" + numbers + "],\"route\":\"");
            backend.send(routed.replace("\"req\",", "\"rep\",").replace("\"method\":\"echo\",",
                    "\"payload\":null,"));

            assertThat(client.next()).startsWith("{\"type\":\"rep\",\"id\":1,");
            assertThat(backend.isClosed()).isFalse();
        }
    }

    @Test
    void closesAConnectionThatSendsNoHandshakeInTime() {
        try (GatewayServer server = GatewayServer.start(Map.of("HANDSHAKE_SECONDS", "1"));
                RawSocket silent = RawSocket.open(server.backendUri("/quiet", "s"))) {

            assertThat(silent.closeStatus().code()).isEqualTo(1008);
            assertThat(silent.closeStatus().reason()).contains("handshake");
        }
    }

    @Test
    void refusesClientsBeyondTheLimitWith503() {
        try (GatewayServer server = GatewayServer.start(Map.of("MAX_CLIENTS", "2"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/full", "s"));
                RawSocket first = RawSocket.handshaken(server.clientUri("/full", "s"));
                RawSocket second = RawSocket.handshaken(server.clientUri("/full", "s"))) {

            assertThat(ConnectionChecksTest.upgradeStatus(server.clientUri("/full", "s")))
                    .isEqualTo(503);
        }
    }

    @Test
    void closesAClientThatStopsReadingWhileTheBackendAndOthersCarryOn() throws Exception {
        try (GatewayServer server = GatewayServer.start(Map.of("MAX_QUEUED_BYTES", "65536"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/slow", "s"));
                RawSocket good = RawSocket.handshaken(server.clientUri("/slow", "s"));
                DeafSocket stalled = DeafSocket.stalled(server.clientUri("/slow", "s"))) {
            stalled.sendText("{\"type\":\"req\",\"method\":\"hello\"}");
            String route = json(backend.next()).getJsonObject("ext").getString("route");
            String chunk = "z".repeat(32 * 1024);

            for (int i = 0; i < 1000 && server.gateway().stats().clients() == 2; i++) {
                backend.send("{\"type\":\"req\",\"method\":\"push\",\"payload\":\"" + chunk
                        + "\",\"ext\":{\"route\":\"" + route + "\"}}");
            }
            Await.until("the stalled client to be closed",
                    () -> server.gateway().stats().clients() == 1);

            good.send("{\"type\":\"req\",\"id\":1,\"method\":\"m\"}");
            JsonObject request = json(backend.next());
            backend.send("{\"type\":\"rep\",\"id\":" + request.getJsonNumber("id")
                    + ",\"payload\":1}");
            assertThat(json(good.next()).getInt("payload")).isEqualTo(1);
        }
    }

    @Test
    void closesAPeerThatStopsAnsweringPings() throws Exception {
        try (GatewayServer server = GatewayServer.start(Map.of("PING_SECONDS", "1"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/ka", "s"));
                DeafSocket deaf = DeafSocket.ignoringPings(server.clientUri("/ka", "s"))) {

            assertThat(deaf.closeCode().get(15, TimeUnit.SECONDS)).isEqualTo(1001);
            Await.until("the deaf client to be detached",
                    () -> server.gateway().stats().clients() == 0);
        }
    }

    @Test
    void keepsAQuietPeerThatAnswersPings() {
        try (GatewayServer server = GatewayServer.start(Map.of("PING_SECONDS", "1"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/ka", "s"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/ka", "s"))) {

            assertThat(client.poll(Duration.ofSeconds(5))).isNull();
            assertThat(client.isClosed()).isFalse();
            assertThat(backend.isClosed()).isFalse();
        }
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
