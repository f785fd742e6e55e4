package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.gateway.web.ConnectionChecksTest;
import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.testing.DeployedGateway;
import dev.duplex.testing.ServletContainer;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built WAR, unchanged, on each servlet container, with TLS required as in production
 * (no {@code NOTLS}): the container ends no TLS here, so only a proxy's
 * {@code X-Forwarded-Proto: https} lets a peer in. Deploying at all on Tomcat proves that the
 * WAR carries no Jetty container initializer, which would clash with Tomcat's own.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.class)
class ContainerDeploymentIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(LIMIT)
            .build();

    private static DeployedGateway gateway;

    private final ServletContainer container;

    ContainerDeploymentIT(ServletContainer container) {
        this.container = container;
    }

    @BeforeParameterizedClassInvocation
    static void deploy(ServletContainer container) {
        gateway = container.deploy(Map.of("TOKEN", "it-token"));
    }

    @AfterParameterizedClassInvocation
    static void undeploy() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    @Test
    void runsOnTheContainerVersionItStandsFor() {
        assertThat(gateway.server()).startsWith(container.serverPrefix());
    }

    @Test
    void answersHealthCheckWith200OverPlainHttp() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(gateway.uri("/_gateway/health")).timeout(LIMIT).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"up\"}");
    }

    @Test
    void refusesPlainWebSocketWith403() {
        int status = ConnectionChecksTest.upgradeStatus(
                gateway.webSocketUri("/dep/svc?token=it-token&secret=s"));

        assertThat(status).isEqualTo(403);
    }

    @Test
    void routesForPeersBehindATlsProxyWithTheTokenFromItsSettings() throws Exception {
        PeerOptions behindProxy = PeerOptions.defaults().withHeader("X-Forwarded-Proto", "https");

        try (DuplexPeer backend = DuplexPeer.connect(
                        gateway.webSocketUri("/dep/svc?token=it-token&secret=s"), behindProxy,
                        peer -> peer.function("echo", payload -> payload));
                DuplexPeer client = DuplexPeer.connect(
                        gateway.webSocketUri("/dep/svc?secret=s"), behindProxy)) {
            JsonValue answer = client.call("echo", Json.createValue("deployed"))
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(answer).isEqualTo(Json.createValue("deployed"));
        }
    }
}
