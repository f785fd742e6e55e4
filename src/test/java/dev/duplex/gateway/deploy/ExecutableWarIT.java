package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.RawSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code java -jar duplex-gateway.war}: how the gateway runs on Heroku and in Docker. */
class ExecutableWarIT {

    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(10);

    /** Exit status of a JVM ended by SIGTERM (128 + 15) after its shutdown hooks ran. */
    private static final int TERMINATED = 143;

    /** A line that shows a generated token: 32 random bytes in unpadded base64url. */
    private static final Pattern TOKEN_LINE =
            Pattern.compile("(?i).*\\btoken\\b.*?([A-Za-z0-9_-]{43})\\s*$");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(REQUEST_LIMIT)
            .build();

    private GatewayProcess gateway;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = GatewayProcess.start();
    }

    @AfterEach
    void stopGateway() throws Exception {
        gateway.close();
    }

    @Test
    void servesHttpOnThePortFromTheEnvironment() throws Exception {
        HttpResponse<String> response = get("/_gateway/health");

        assertThat(response.headers().firstValue("Server")).hasValueSatisfying(
                server -> assertThat(server).startsWith("Jetty"));
    }

    @Test
    void answersHealthCheckWith200() throws Exception {
        assertThat(get("/_gateway/health").statusCode()).isEqualTo(200);
    }

    @Test
    void printsGeneratedTokenOnce() throws Exception {
        gateway.awaitLine(TOKEN_LINE.asPredicate());
        assertThat(gateway.terminate(STOP_LIMIT)).isTrue();

        assertThat(gateway.lines()).filteredOn(TOKEN_LINE.asPredicate()).hasSize(1);
    }

    @Test
    void stopsOnSigtermAndRemovesItsTemporaryFiles() throws Exception {
        assertThat(gateway.terminate(STOP_LIMIT))
                .as("exited within %s of SIGTERM", STOP_LIMIT)
                .isTrue();

        assertThat(gateway.exitValue()).isEqualTo(TERMINATED);
        assertThat(gateway.leftoverTempFiles()).isEmpty();
    }

    @Test
    void closesBackendWithServiceRestartOnSigterm() throws Exception {
        String token = generatedToken();

        try (RawSocket backend = RawSocket.handshaken(gateway.webSocketUri(
                "/it/backend?token=" + token + "&secret=it-secret"))) {
            assertThat(gateway.terminate(STOP_LIMIT)).isTrue();

            assertThat(backend.closeStatus().code()).isEqualTo(1012);
        }
    }

    @Test
    void answersPendingCallsWith503AndClosesClientsWith1012OnSigterm() throws Exception {
        String token = generatedToken();
        try (RawSocket backend = RawSocket.handshaken(gateway.webSocketUri(
                        "/it/svc?token=" + token + "&secret=s"));
                RawSocket client = RawSocket.handshaken(gateway.webSocketUri("/it/svc?secret=s"))) {
            client.send("{\"type\":\"req\",\"id\":1,\"method\":\"slow\"}");
            CompletableFuture<HttpResponse<String>> httpCall = http.sendAsync(
                    HttpRequest.newBuilder(gateway.uri("/it/svc/slow?secret=s"))
                            .timeout(REQUEST_LIMIT)
                            .POST(HttpRequest.BodyPublishers.ofString("1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            backend.next();
            backend.next();

            assertThat(gateway.terminate(STOP_LIMIT)).isTrue();

            assertThat(httpCall.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
            assertThat(client.next()).contains("\"code\":503");
            assertThat(client.closeStatus().code()).isEqualTo(1012);
        }
    }

    private String generatedToken() throws InterruptedException {
        Matcher matcher = TOKEN_LINE.matcher(gateway.awaitLine(TOKEN_LINE.asPredicate()));
        assertThat(matcher.matches()).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri(path))
                .timeout(REQUEST_LIMIT)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
