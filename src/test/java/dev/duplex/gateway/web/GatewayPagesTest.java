package dev.duplex.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own pages on embedded Jetty: the console at the reserved prefix, the browser
 * client with a type browsers run as a module, and CORS headers for the allowed origin on
 * pages and on refusals alike.
 */
class GatewayPagesTest {

    private static final String PAGE_ORIGIN = "http://pages.example";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static GatewayServer server;
    private static RawSocket backend;

    @BeforeAll
    static void publish() {
        server = GatewayServer.start(Map.of("CORS_ORIGINS", PAGE_ORIGIN));
        backend = RawSocket.handshaken(server.backendUri("/paged", "right"));
    }

    @AfterAll
    static void stop() {
        backend.close();
        server.close();
    }

    @Test
    void servesTheConsoleAtTheReservedPrefix() {
        HttpResponse<String> console = get(server.http("/_gateway/"), null);

        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/html");
        assertThat(console.body()).contains("<title>Duplex Gateway console</title>");
    }

    @Test
    void letsTheAllowedOriginReadTheConsoleWithItsHeadersSetOnce() {
        HttpResponse<String> console = get(server.http("/_gateway/"), PAGE_ORIGIN);

        assertThat(allowedOrigin(console)).isEqualTo(PAGE_ORIGIN);
        assertThat(console.headers().allValues("Vary")).containsOnlyOnce("Origin");
    }

    @Test
    void sendsThePrefixWithoutItsSlashToTheConsole() {
        HttpResponse<String> redirect = get(server.http("/_gateway"), null);

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location").orElse(""))
                .endsWith("/_gateway/");
        assertThat(follow(server.http("/_gateway")).body())
                .contains("<title>Duplex Gateway console</title>");
    }

    @Test
    void servesScriptsAsJavaScriptAndTheStyleAsCss() {
        for (String script : new String[] {"duplex.js", "duplex-global.js", "console.js"}) {
            assertThat(contentType("/_gateway/" + script)).as(script)
                    .startsWith("text/javascript");
        }
        assertThat(contentType("/_gateway/console.css")).startsWith("text/css");
    }

    @Test
    void answers404ForAPageThatDoesNotExist() {
        HttpResponse<String> missing = get(server.http("/_gateway/missing.js"), null);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no gateway page");
    }

    @Test
    void letsTheAllowedOriginImportTheClient() {
        HttpResponse<String> client = get(server.http("/_gateway/duplex.js"), PAGE_ORIGIN);

        assertThat(client.statusCode()).isEqualTo(200);
        assertThat(allowedOrigin(client)).isEqualTo(PAGE_ORIGIN);
        assertThat(allowedOrigin(get(server.http("/_gateway/duplex.js"), "http://other.example")))
                .isEmpty();
    }

    @Test
    void tellsCachesThatPagesDependOnTheOrigin() {
        HttpResponse<String> plain = get(server.http("/_gateway/duplex-global.js"), null);

        assertThat(plain.headers().allValues("Vary")).contains("Origin");
        assertThat(allowedOrigin(plain)).isEmpty();
    }

    @Test
    void letsTheAllowedOriginReadWhyAConnectionWasRefused() {
        HttpResponse<String> unknown = get(server.http("/nowhere?secret=right"), PAGE_ORIGIN);
        HttpResponse<String> wrong = get(server.http("/paged?secret=wrong"), PAGE_ORIGIN);
        HttpResponse<String> right = get(server.http("/paged?secret=right"), PAGE_ORIGIN);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(426);
        assertThat(List.of(unknown, wrong, right))
                .allSatisfy(refusal -> assertThat(allowedOrigin(refusal)).isEqualTo(PAGE_ORIGIN));
    }

    @Test
    void letsTheAllowedOriginReadTheTlsRefusal() {
        try (GatewayServer strict = GatewayServer.start(
                Map.of("NOTLS", "false", "CORS_ORIGINS", PAGE_ORIGIN))) {
            HttpResponse<String> refusal = get(strict.http("/paged?secret=right"), PAGE_ORIGIN);

            assertThat(refusal.statusCode()).isEqualTo(403);
            assertThat(allowedOrigin(refusal)).isEqualTo(PAGE_ORIGIN);
        }
    }

    private String contentType(String path) {
        HttpResponse<String> response = get(server.http(path), null);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static String allowedOrigin(HttpResponse<String> response) {
        return response.headers().firstValue("Access-Control-Allow-Origin").orElse("");
    }

    private static HttpResponse<String> get(URI uri, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(HTTP, request.build());
    }

    private static HttpResponse<String> follow(URI uri) {
        HttpClient following = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        return send(following, HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
