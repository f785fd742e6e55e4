package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.DeployedGateway;
import dev.duplex.testing.ServletContainer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's pages from the built WAR on each servlet container. Tomcat's default servlet,
 * unlike Jetty's, serves no welcome file when the front servlet forwards a folder to it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.class)
class ContainerPagesIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static final String CONSOLE_TITLE = "<title>Duplex Gateway console</title>";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(LIMIT)
            .build();

    private static final HttpClient FOLLOWING = HttpClient.newBuilder()
            .connectTimeout(LIMIT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private static DeployedGateway gateway;

    private final ServletContainer container;

    ContainerPagesIT(ServletContainer container) {
        this.container = container;
    }

    @BeforeParameterizedClassInvocation
    static void deploy(ServletContainer container) {
        gateway = container.deploy(Map.of("TOKEN", "it-token", "NOTLS", "true"));
    }

    @AfterParameterizedClassInvocation
    static void undeploy() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    @Test
    void servesTheConsoleAtTheReservedPrefix() {
        HttpResponse<String> console = get("/_gateway/", HTTP);

        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/html");
        assertThat(console.body()).contains(CONSOLE_TITLE);
    }

    @Test
    void sendsThePrefixWithoutItsSlashToTheConsole() {
        assertThat(get("/_gateway", HTTP).statusCode()).isEqualTo(302);
        assertThat(get("/_gateway", FOLLOWING).body()).contains(CONSOLE_TITLE);
    }

    @Test
    void servesTheClientAsJavaScript() {
        HttpResponse<String> client = get("/_gateway/duplex.js", HTTP);

        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(client.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/javascript");
        assertThat(client.body()).contains("export const {connect");
    }

    private HttpResponse<String> get(String path, HttpClient client) {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri(path)).timeout(LIMIT).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " on " + container + " failed", e);
        }
    }
}
