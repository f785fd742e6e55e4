package dev.duplex.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.TestCertificate;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar} with TLS settings it cannot use: it stops at once and says what to fix. */
class TlsSettingsIT {

    @TempDir
    Path folder;

    @Test
    void stopsOnAWrongKeyStorePasswordWithoutShowingIt() throws Exception {
        TestCertificate certificate = TestCertificate.create(folder, "RSA");
        String wrong = "wrong-keystore-password";

        try (GatewayProcess gateway = GatewayProcess.launch(Map.of(
                "TLS_KEYSTORE", certificate.keyStore().toString(),
                "TLS_KEYSTORE_PASSWORD", wrong))) {
            assertThat(gateway.awaitExit()).as("exited by itself").isTrue();

            assertThat(gateway.exitValue()).isEqualTo(1);
            assertThat(gateway.output())
                    .contains("could not start: TLS_KEYSTORE " + certificate.keyStore())
                    .contains("TLS_KEYSTORE_PASSWORD")
                    .doesNotContain(wrong)
                    .doesNotContain("\tat ");
        }
    }
}
