package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.testing.TestService;
import dev.duplex.testing.TomcatGateway;
import jakarta.json.Json;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls through the built WAR on Tomcat, whose sessions refuse concurrent sends and whose
 * default message limit is 8 KiB: what passes on Jetty alone proves nothing about either.
 */
class TomcatRoutingIT {

    private static TomcatGateway tomcat;
    private static DuplexPeer backend;

    @BeforeAll
    static void publish() {
        tomcat = TomcatGateway.start(Map.of("TOKEN", "it-token", "NOTLS", "true"));
        backend = DuplexPeer.connect(ws("/tc/svc?token=it-token&secret=s"),
                PeerOptions.defaults(), TestService::offer);
    }

    @AfterAll
    static void stop() {
        backend.close();
        tomcat.close();
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
            assertThat(calls.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(Json.createValue(i));
        }
        clients.forEach(DuplexPeer::close);
    }

    @Test
    void carriesMessagesOfHalfAMebibyte() throws Exception {
        try (DuplexPeer client = DuplexPeer.connect(ws("/tc/svc?secret=s"))) {
            JsonValue big = Json.createValue("x".repeat(512 * 1024));

            assertThat(client.call("echo", big).get(20, TimeUnit.SECONDS)).isEqualTo(big);
        }
    }

    @Test
    void streamsRepliesToWebSocketAndHttpCallers() throws Exception {
        try (DuplexPeer client = DuplexPeer.connect(ws("/tc/svc?secret=s"))) {
            assertThat(client.stream("count", Json.createValue(3)).get(20, TimeUnit.SECONDS))
                    .containsExactly(Json.createValue(1), Json.createValue(2),
                            Json.createValue(3));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(tomcat.uri().resolve("/tc/svc/count?secret=s"))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("3")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1\n2\n3\n");
    }

    private static URI ws(String pathAndQuery) {
        return tomcat.webSocketUri().resolve(pathAndQuery);
    }
}
