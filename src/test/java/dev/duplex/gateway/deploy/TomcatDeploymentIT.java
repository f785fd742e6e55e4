package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.RawSocket;
import dev.duplex.testing.TomcatGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;

/**
 * The built WAR, unchanged, on a real Tomcat 10.1. Deploying at all proves that the WAR
 * carries no Jetty container initializer, which would clash with Tomcat's own.
 */
class TomcatDeploymentIT {

    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(REQUEST_LIMIT)
            .build();

    @Test
    void deploysUnchanged() {
        try (TomcatGateway tomcat = TomcatGateway.start()) {
            assertThat(tomcat.context().getState()).isEqualTo(LifecycleState.STARTED);
        }
    }

    @Test
    void answersHealthCheckWith200() throws Exception {
        try (TomcatGateway tomcat = TomcatGateway.start()) {
            HttpRequest request = HttpRequest.newBuilder(tomcat.uri().resolve("/_gateway/health"))
                    .timeout(REQUEST_LIMIT)
                    .build();

            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void takesSettingsFromContextParameters() {
        Map<String, String> settings = Map.of("TOKEN", "it-token", "NOTLS", "true");

        try (TomcatGateway tomcat = TomcatGateway.start(settings);
                RawSocket backend = RawSocket.handshaken(tomcat.webSocketUri()
                        .resolve("/it/backend?token=it-token&secret=it-secret"))) {
            assertThat(backend.isClosed()).isFalse();
        }
    }
}
