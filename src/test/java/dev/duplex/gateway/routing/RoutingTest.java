package dev.duplex.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.gateway.web.ConnectionChecksTest;
import dev.duplex.testing.Await;
import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames through the real gateway, asserted exactly as they cross the wire: ids remapped,
 * {@code ext.route} added and removed, errors instead of silence.
 */
public class RoutingTest {

    private GatewayServer server;
    private RawSocket backend;

    @BeforeEach
    void publish() {
        server = GatewayServer.start();
        backend = RawSocket.handshaken(server.backendUri("/svc", "s3cret"));
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    private RawSocket client() {
        return RawSocket.handshaken(server.clientUri("/svc", "s3cret"));
    }

    @Test
    void givesEachClientChannelAFreshBackendIdAndRestoresTheClientsIdAndExt() {
        try (RawSocket client = client()) {
            client.send("{\"payload\":{\"x\":1},\"ext\":{\"trace\":\"t1\"},\"method\":\"echo\","
                    + "\"id\":42,\"type\":\"req\"}");

            JsonObject request = json(backend.next());
            assertThat(request.getString("method")).isEqualTo("echo");
            assertThat(request.getJsonObject("payload")).isEqualTo(json("{\"x\":1}"));
            assertThat(request.getJsonObject("ext").getString("trace")).isEqualTo("t1");
            String route = request.getJsonObject("ext").getString("route");
            long backendId = request.getJsonNumber("id").longValue();

            backend.send("{\"type\":\"rep\",\"id\":" + backendId + ",\"payload\":7,"
                    + "\"ext\":{\"trace\":\"t1\",\"route\":\"" + route + "\"}}");

            JsonObject reply = json(client.next());
            assertThat(reply).isEqualTo(json(
                    "{\"type\":\"rep\",\"id\":42,\"payload\":7,\"ext\":{\"trace\":\"t1\"}}"));
        }
        assertMapsEmpty();
    }

    @Test
    void deliversRepliesWithoutExtWhenTheClientSentNone() {
        try (RawSocket client = client()) {
            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"m\"}");
            JsonObject request = json(backend.next());

            backend.send(replyTo(request, "\"ok\"", false));

            assertThat(json(client.next())).isEqualTo(
                    json("{\"type\":\"rep\",\"id\":1,\"payload\":\"ok\"}"));
        }
    }

    @Test
    void keepsTwoClientsStreamingOnTheSameIdApart() {
        try (RawSocket first = client(); RawSocket second = client()) {
            first.send(sum(1, true));
            second.send(sum(10, true));
            JsonObject[] firsts = byPayload(json(backend.next()), json(backend.next()), 1);
            JsonObject a1 = firsts[0];
            JsonObject b1 = firsts[1];
            first.send(sum(2, false));
            second.send(sum(20, false));
            JsonObject[] seconds = byPayload(json(backend.next()), json(backend.next()), 2);
            JsonObject a2 = seconds[0];
            JsonObject b2 = seconds[1];

            assertThat(a1.getJsonNumber("id")).isNotEqualTo(b1.getJsonNumber("id"));
            assertThat(a2.getJsonNumber("id")).isEqualTo(a1.getJsonNumber("id"));
            assertThat(b2.getJsonNumber("id")).isEqualTo(b1.getJsonNumber("id"));
            assertThat(a2.containsKey("more")).isFalse();

            backend.send(replyTo(b1, "30", false));
            backend.send(replyTo(a1, "3", false));

            assertThat(json(first.next())).isEqualTo(
                    json("{\"type\":\"rep\",\"id\":5,\"payload\":3}"));
            assertThat(json(second.next())).isEqualTo(
                    json("{\"type\":\"rep\",\"id\":5,\"payload\":30}"));
        }
        assertMapsEmpty();
    }

    @Test
    void relaysStreamedRepliesInOrderAndFreesTheChannelAfterTheLast() {
        try (RawSocket client = client()) {
            client.send("{\"type\":\"req\",\"id\":9,\"method\":\"count\",\"payload\":3}");
            JsonObject request = json(backend.next());
            for (int i = 1; i <= 3; i++) {
                backend.send(replyTo(request, String.valueOf(i), i < 3));
            }

            assertThat(json(client.next())).isEqualTo(
                    json("{\"type\":\"rep\",\"id\":9,\"payload\":1,\"more\":true}"));
            assertThat(json(client.next())).isEqualTo(
                    json("{\"type\":\"rep\",\"id\":9,\"payload\":2,\"more\":true}"));
            assertThat(json(client.next())).isEqualTo(
                    json("{\"type\":\"rep\",\"id\":9,\"payload\":3}"));
        }
        assertMapsEmpty();
    }

    @Test
    void routesBackendCallbacksToTheClientAndItsRepliesBack() {
        try (RawSocket client = client()) {
            client.send("{\"type\":\"req\",\"id\":3,\"method\":\"subscribe\","
                    + "\"payload\":{\"callback\":\"cb.1\"}}");
            JsonObject request = json(backend.next());
            JsonObject ext = request.getJsonObject("ext");

            backend.send("{\"type\":\"req\",\"id\":77,\"method\":\"cb.1\",\"payload\":\"tick\","
                    + "\"ext\":" + ext + "}");
            JsonObject callback = json(client.next());
            assertThat(callback.getString("method")).isEqualTo("cb.1");
            assertThat(callback.getString("payload")).isEqualTo("tick");
            assertThat(callback.containsKey("ext")).isFalse();
            long clientSideId = callback.getJsonNumber("id").longValue();

            client.send("{\"type\":\"rep\",\"id\":" + clientSideId + ",\"payload\":\"tock\"}");

            JsonObject answer = json(backend.next());
            assertThat(answer.getJsonNumber("id").longValue()).isEqualTo(77);
            assertThat(answer.getString("payload")).isEqualTo("tock");
            assertThat(answer.getJsonObject("ext")).isEqualTo(ext);

            backend.send(replyTo(request, "\"done\"", false));
            assertThat(json(client.next()).getString("payload")).isEqualTo("done");
        }
        assertMapsEmpty();
    }

    @Test
    void forwardsNoticesBothWaysWithoutIds() {
        try (RawSocket client = client()) {
            client.send("{\"method\":\"log\",\"type\":\"req\",\"payload\":\"hi\"}");
            JsonObject notice = json(backend.next());
            assertThat(notice.containsKey("id")).isFalse();
            String route = notice.getJsonObject("ext").getString("route");

            backend.send("{\"type\":\"req\",\"method\":\"push\",\"payload\":1,"
                    + "\"ext\":{\"route\":\"" + route + "\"}}");

            assertThat(json(client.next())).isEqualTo(
                    json("{\"type\":\"req\",\"method\":\"push\",\"payload\":1}"));
        }
        assertMapsEmpty();
    }

    @Test
    void replacesARouteAClientTriesToForge() {
        try (RawSocket victim = client(); RawSocket forger = client()) {
            victim.send("{\"type\":\"req\",\"method\":\"hello\"}");
            String victimRoute = json(backend.next()).getJsonObject("ext").getString("route");

            forger.send("{\"type\":\"req\",\"method\":\"hello\",\"ext\":{\"route\":\""
                    + victimRoute + "\"}}");

            String forgedRoute = json(backend.next()).getJsonObject("ext").getString("route");
            assertThat(forgedRoute).isNotEqualTo(victimRoute);
        }
    }

    @Test
    void answers503WhenNoBackendIsOnline() {
        try (RawSocket client = client()) {
            backend.close();
            awaitBackends(0);

            client.send("{\"type\":\"req\",\"id\":4,\"method\":\"m\",\"ext\":{\"k\":1}}");

            JsonObject error = json(client.next());
            assertThat(error.getJsonNumber("id").longValue()).isEqualTo(4);
            assertThat(error.getJsonObject("error").getInt("code")).isEqualTo(503);
            assertThat(error.getJsonObject("ext")).isEqualTo(json("{\"k\":1}"));
        }
        assertMapsEmpty();
    }

    @Test
    void failsPendingCallsWith503WhenTheBackendLeaves() {
        try (RawSocket client = client()) {
            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"slow\"}");
            client.send("{\"type\":\"req\",\"id\":2,\"method\":\"slow\"}");
            backend.next();
            backend.next();

            backend.close();

            assertThat(json(client.next()).getJsonObject("error").getInt("code")).isEqualTo(503);
            assertThat(json(client.next()).getJsonObject("error").getInt("code")).isEqualTo(503);
        }
        assertMapsEmpty();
    }

    @Test
    void answersTheBackend404WhenItCallsAClientThatIsGone() {
        String route;
        try (RawSocket client = client()) {
            client.send("{\"type\":\"req\",\"method\":\"hello\"}");
            route = json(backend.next()).getJsonObject("ext").getString("route");
        }
        awaitClients(0);

        backend.send("{\"type\":\"req\",\"id\":12,\"method\":\"cb\",\"ext\":{\"route\":\""
                + route + "\"}}");

        JsonObject error = json(backend.next());
        assertThat(error.getJsonNumber("id").longValue()).isEqualTo(12);
        assertThat(error.getJsonObject("error").getInt("code")).isEqualTo(404);
    }

    @Test
    void answersTheBackend404ForACallbackPendingWhenTheClientLeaves() {
        RawSocket client = client();
        client.send("{\"type\":\"req\",\"method\":\"hello\"}");
        JsonObject ext = json(backend.next()).getJsonObject("ext");
        backend.send("{\"type\":\"req\",\"id\":13,\"method\":\"cb\",\"ext\":" + ext + "}");
        client.next();

        client.close();

        JsonObject error = json(backend.next());
        assertThat(error.getJsonNumber("id").longValue()).isEqualTo(13);
        assertThat(error.getJsonObject("error").getInt("code")).isEqualTo(404);
        assertMapsEmpty();
    }

    @Test
    void closesAClientThatSendsAnInvalidFrameWith1007AndNobodyElseNotices() {
        try (RawSocket bad = client(); RawSocket good = client()) {
            bad.send("{\"type\":\"req\",\"id\":-1,\"method\":\"m\"}");

            RawSocket.CloseStatus status = bad.closeStatus();
            assertThat(status.code()).isEqualTo(1007);
            assertThat(status.reason()).contains("id");

            good.send("{\"type\":\"req\",\"id\":1,\"method\":\"m\"}");
            backend.send(replyTo(json(backend.next()), "1", false));
            assertThat(json(good.next()).getInt("payload")).isEqualTo(1);
        }
    }

    @Test
    void closesClientsForEveryKindOfInvalidFrame() {
        String[] invalid = {
            "not json", "[1,2]", "{\"type\":\"x\",\"method\":\"m\"}", "{\"method\":\"m\"}",
            "{\"type\":\"req\"}", "{\"type\":\"req\",\"method\":3}",
            "{\"type\":\"req\",\"method\":\"m\",\"id\":1.5}",
            "{\"type\":\"req\",\"method\":\"m\",\"id\":1e300}",
            "{\"type\":\"req\",\"method\":\"m\",\"more\":\"yes\"}",
            "{\"type\":\"req\",\"method\":\"m\",\"ext\":[]}", "{\"type\":\"rep\",\"payload\":1}",
        };
        for (String frame : invalid) {
            try (RawSocket bad = client()) {
                bad.send(frame);
                assertThat(bad.closeStatus().code()).as(frame).isEqualTo(1007);
            }
        }
        assertThat(backend.poll(Duration.ofMillis(200))).isNull();
    }

    @Test
    void dropsABackendFrameItCannotRouteAndKeepsTheBackend() {
        try (RawSocket client = client()) {
            backend.send("garbage");
            backend.send("{\"type\":\"rep\",\"id\":999,\"payload\":1}");

            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"m\"}");
            backend.send(replyTo(json(backend.next()), "2", false));

            assertThat(json(client.next()).getInt("payload")).isEqualTo(2);
            assertThat(backend.isClosed()).isFalse();
        }
    }

    @Test
    void keepsEndpointsApartByTheirSecrets() {
        try (RawSocket other = RawSocket.handshaken(server.backendUri("/other", "different"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/other", "different"))) {
            client.send("{\"type\":\"req\",\"method\":\"where\"}");

            assertThat(json(other.next()).getString("method")).isEqualTo("where");
            assertThat(backend.poll(Duration.ofMillis(200))).isNull();
            assertThat(ConnectionChecksTest.upgradeStatus(server.clientUri("/other", "s3cret")))
                    .isEqualTo(401);
        }
    }

    private void assertMapsEmpty() {
        Await.until("the id maps to empty", () -> server.gateway().stats().openChannels() == 0);
    }

    private void awaitBackends(int count) {
        Await.until(count + " backends", () -> server.gateway().stats().backends() == count);
    }

    private void awaitClients(int count) {
        Await.until(count + " clients", () -> server.gateway().stats().clients() == count);
    }

    /** A request of the summing stream on id 5. */
    private static String sum(int payload, boolean more) {
        return "{\"type\":\"req\",\"id\":5,\"method\":\"sum\",\"payload\":" + payload
                + (more ? ",\"more\":true}" : "}");
    }

    /** The two frames, the one whose payload is {@code payload} first. */
    private static JsonObject[] byPayload(JsonObject one, JsonObject other, int payload) {
        return one.getInt("payload") == payload
                ? new JsonObject[] {one, other}
                : new JsonObject[] {other, one};
    }

    static String replyTo(JsonObject request, String payload, boolean more) {
        return "{\"type\":\"rep\",\"id\":" + request.getJsonNumber("id") + ",\"payload\":"
                + payload + (more ? ",\"more\":true" : "") + ",\"ext\":"
                + request.getJsonObject("ext") + "}";
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
