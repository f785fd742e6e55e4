package dev.duplex.peer.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.peer.DuplexPeer;
import dev.duplex.testing.GatewayServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The README's walk-through, through the real gateway: the example service and client. */
class WalkThroughTest {

    @Test
    void theExampleClientGreetsCountsAndIsCalledBack() throws Exception {
        try (GatewayServer server = GatewayServer.start();
                DuplexPeer service = GreeterService.publish(
                        server.backendUri("/greeter", "s3cret"));
                DuplexPeer client = DuplexPeer.connect(server.clientUri("/greeter", "s3cret"))) {

            assertThat(GreeterClient.talk(client, "Ada")).containsExactly(
                    "greet -> \"Hello, Ada!\"",
                    "count -> [1, 2, 3]",
                    "remind -> \"noted\"");
        }
    }

    @Test
    void theExampleServiceAnswersTheCurlCallOfTheReadme() throws Exception {
        try (GatewayServer server = GatewayServer.start();
                DuplexPeer service = GreeterService.publish(
                        server.backendUri("/greeter", "s3cret"))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.http("/greeter/greet?secret=s3cret"))
                            .POST(HttpRequest.BodyPublishers.ofString("\"Ada\"")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo("\"Hello, Ada!\"");
        }
    }
}
