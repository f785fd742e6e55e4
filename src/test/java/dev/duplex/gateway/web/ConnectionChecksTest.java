package dev.duplex.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal of a connection, with its exact status, before the WebSocket upgrade. */
public class ConnectionChecksTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static GatewayServer server;
    private static RawSocket backend;

    @BeforeAll
    static void publish() {
        server = GatewayServer.start();
        backend = RawSocket.handshaken(server.backendUri("/checked", "right"));
    }

    @AfterAll
    static void stop() {
        backend.close();
        server.close();
    }

    @Test
    void refusesPlainHttpWith403UnlessAllowedOrForwardedFromTls() throws Exception {
        try (GatewayServer strict = GatewayServer.start(Map.of("NOTLS", "false"))) {
            URI uri = strict.backendUri("/tls", "s");

            assertThat(upgradeStatus(uri)).isEqualTo(403);
            assertThat(get(strict.http("/tls?secret=s")).body()).contains("TLS required");

            HttpResponse<String> forwarded = HTTP.send(HttpRequest.newBuilder(strict.http("/tls"))
                    .header("X-Forwarded-Proto", "https").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forwarded.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void refusesWrongTokenWith401() {
        assertThat(upgradeStatus(server.ws("/x?token=wrong&secret=s"))).isEqualTo(401);
        assertThat(upgradeStatus(server.ws("/x?token=&secret=s"))).isEqualTo(401);
    }

    @Test
    void refusesPublishingWithoutSecretWith400() {
        assertThat(upgradeStatus(server.ws("/x?token=" + GatewayServer.TOKEN))).isEqualTo(400);
        assertThat(upgradeStatus(server.ws("/x?token=" + GatewayServer.TOKEN + "&secret=")))
                .isEqualTo(400);
    }

    @Test
    void refusesPublishingAtTheRootOrUnderTheReservedPrefixWith400() {
        assertThat(upgradeStatus(server.backendUri("/", "s"))).isEqualTo(400);
        assertThat(upgradeStatus(server.backendUri("/_gateway/health", "s"))).isEqualTo(400);
        assertThat(upgradeStatus(server.backendUri("/_gateway/x/y", "s"))).isEqualTo(400);
    }

    @Test
    void refusesUnknownEndpointWith404() {
        assertThat(upgradeStatus(server.clientUri("/nowhere", "right"))).isEqualTo(404);
        assertThat(get(server.http("/nowhere?secret=right")).body())
                .contains("endpoint not found");
    }

    @Test
    void refusesMissingOrWrongSecretWith401() {
        assertThat(upgradeStatus(server.ws("/checked"))).isEqualTo(401);
        assertThat(upgradeStatus(server.clientUri("/checked", "wrong"))).isEqualTo(401);
        assertThat(get(server.http("/checked?secret=wrong")).body()).contains("invalid secret");
    }

    @Test
    void answersPlainGetOnAnEndpointWith426() {
        HttpResponse<String> response = get(server.http("/checked?secret=right"));

        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.headers().firstValue("Upgrade")).hasValue("websocket");
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/plain");
    }

    @Test
    void refusesOtherHttpMethodsWith405AndAllow() throws Exception {
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    server.http("/checked?secret=right"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, POST, OPTIONS");
        }
    }

    @Test
    void acceptsEndpointsOfAnyDepthAndEncodedCharacters() {
        try (RawSocket deep = RawSocket.handshaken(server.backendUri("/a/b/c%20d/e", "s2"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/a/b/c%20d/e", "s2"))) {
            client.send("{\"type\":\"req\",\"method\":\"m\"}");
            assertThat(deep.next()).contains("\"method\":\"m\"");
        }
    }

    @Test
    void healthAnswersOverPlainHttpWithoutSecret() {
        try (GatewayServer strict = GatewayServer.start(Map.of("NOTLS", "false"))) {
            HttpResponse<String> response = get(strict.http("/_gateway/health"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"up\"");
        }
    }

    @Test
    void refusesHandshakeOfAnotherCodecWithMinusFrame() {
        try (RawSocket socket = RawSocket.open(server.clientUri("/checked", "right"))) {
            socket.send("SIMPLEX/1.0;msgpack");

            assertThat(socket.next()).startsWith("-").contains("codec");
            assertThat(socket.closeStatus().code()).isEqualTo(1002);
        }
    }

    public static int upgradeStatus(URI uri) {
        Throwable failure = catchThrowable(() -> RawSocket.open(uri).close());
        assertThat(failure).as("upgrade of %s should fail", uri)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
    }

    static HttpResponse<String> get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
