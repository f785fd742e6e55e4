package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.testing.RawSocket;
import dev.duplex.testing.TestCertificate;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code java -jar} with TLS of its own, as on a server without a TLS-terminating proxy: https
 * and wss on {@code PORT} without {@code NOTLS}, and nothing at all in plain text. Once with a
 * PKCS#12 key store and once with PEM files, each with a certificate made for the test.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(NativeTlsIT.KeyFiles.class)
class NativeTlsIT {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** The two ways to give the gateway its key, each with a key of another kind. */
    enum KeyFiles {
        PKCS12_KEYSTORE("RSA"),
        PEM_CERT_AND_KEY("EC");

        private final String keyAlgorithm;

        KeyFiles(String keyAlgorithm) {
            this.keyAlgorithm = keyAlgorithm;
        }

        Map<String, String> settings(TestCertificate certificate) {
            return this == PKCS12_KEYSTORE
                    ? Map.of("TLS_KEYSTORE", certificate.keyStore().toString(),
                            "TLS_KEYSTORE_PASSWORD", TestCertificate.PASSWORD)
                    : Map.of("TLS_CERT", certificate.certPem().toString(),
                            "TLS_KEY", certificate.keyPem().toString());
        }
    }

    private static Path folder;
    private static TestCertificate certificate;
    private static HttpClient trusting;
    private static GatewayProcess gateway;
    private static DuplexPeer backend;

    private final KeyFiles keyFiles;

    NativeTlsIT(KeyFiles keyFiles) {
        this.keyFiles = keyFiles;
    }

    @BeforeParameterizedClassInvocation
    static void startWithTls(KeyFiles keyFiles) throws IOException {
        folder = Files.createTempDirectory("duplex-gateway-tls-");
        certificate = TestCertificate.create(folder, keyFiles.keyAlgorithm);
        trusting = certificate.httpClient();

        Map<String, String> settings = new HashMap<>(keyFiles.settings(certificate));
        settings.put("TOKEN", "it-token");
        gateway = GatewayProcess.start(settings);
        backend = DuplexPeer.connect(gateway.webSocketUri("/tls/svc?token=it-token&secret=s"),
                options(), peer -> peer.function("echo", payload -> payload));
    }

    @AfterParameterizedClassInvocation
    static void stop() throws IOException {
        try {
            if (backend != null) {
                backend.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            deleteTree(folder);
            // The next key form starts afresh, even if its start fails half-way.
            backend = null;
            gateway = null;
        }
    }

    @Test
    void routesWebSocketCallsOverWss() throws Exception {
        try (DuplexPeer client = DuplexPeer.connect(
                gateway.webSocketUri("/tls/svc?secret=s"), options())) {
            JsonValue answer = client.call("echo", Json.createValue("over wss"))
                    .get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(answer).isEqualTo(Json.createValue("over wss"));
        }
    }

    @Test
    void answersHttpCallsOverHttps() throws Exception {
        HttpResponse<String> response = trusting.send(
                HttpRequest.newBuilder(gateway.uri("/tls/svc/echo?secret=s"))
                        .timeout(LIMIT)
                        .POST(HttpRequest.BodyPublishers.ofString("\"over https\""))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"over https\"");
    }

    @Test
    void servesNothingInPlainText() {
        URI webSocket = gateway.plainWebSocketUri("/tls/svc?secret=s");
        HttpRequest health = HttpRequest.newBuilder(gateway.plainUri("/_gateway/health"))
                .timeout(LIMIT)
                .build();

        assertThatThrownBy(() -> RawSocket.open(webSocket))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(health,
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void refusesAClientThatDoesNotTrustTheCertificate() {
        assertThatThrownBy(() -> RawSocket.open(gateway.webSocketUri("/tls/svc?secret=s")))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void tellsTheOperatorWhichCertificateItServes() {
        String line = gateway.awaitLine(text -> text.contains("serving TLS only"));

        assertThat(line).contains(keyFiles.keyAlgorithm + " certificate of CN=localhost");
    }

    private static PeerOptions options() {
        return PeerOptions.defaults().withHttpClient(trusting);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
