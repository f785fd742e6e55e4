package dev.duplex.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.testing.TestCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {

    @TempDir
    static Path folder;

    private static TestCertificate rsa;
    private static TestCertificate ec;

    @BeforeAll
    static void makeCertificates() {
        rsa = TestCertificate.create(folder, "RSA");
        ec = TestCertificate.create(folder, "EC");
    }

    @Test
    void meansPlainHttpWhenNoTlsSettingIsGiven() {
        assertThat(ServerKeys.fromSettings(name -> null)).isEmpty();
    }

    @Test
    void readsAPkcs12KeyStoreWithItsPassword() throws Exception {
        ServerKeys keys = load(Map.of("TLS_KEYSTORE", rsa.keyStore().toString(),
                "TLS_KEYSTORE_PASSWORD", TestCertificate.PASSWORD));

        assertThat(keys.certificate()).isEqualTo(rsa.certificate());
        assertThat(keyAliases(keys.store())).hasSize(1);
        assertThat(keys.password()).isEqualTo(TestCertificate.PASSWORD);
    }

    @Test
    void readsAPemCertificateAndPkcs8KeyIntoAStoreOfItsOwn() throws Exception {
        ServerKeys keys = load(Map.of("TLS_CERT", ec.certPem().toString(),
                "TLS_KEY", ec.keyPem().toString()));

        assertThat(keys.certificate()).isEqualTo(ec.certificate());
        String alias = keyAliases(keys.store()).iterator().next();
        assertThat(keys.store().getKey(alias, keys.password().toCharArray()).getAlgorithm())
                .isEqualTo("EC");
    }

    @Test
    void rejectsAWrongKeyStorePasswordWithoutShowingIt() {
        String wrong = "not-the-password";

        assertThatThrownBy(() -> load(Map.of("TLS_KEYSTORE", rsa.keyStore().toString(),
                "TLS_KEYSTORE_PASSWORD", wrong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS_KEYSTORE_PASSWORD")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void rejectsAKeyInAnotherFormWithTheCommandThatConvertsIt() throws IOException {
        Path pkcs1 = Files.writeString(folder.resolve("pkcs1.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> load(Map.of("TLS_CERT", rsa.certPem().toString(),
                "TLS_KEY", pkcs1.toString())))
                .hasMessageContaining("TLS_KEY " + pkcs1)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void rejectsAKeyThatIsNotOfTheCertificatesKind() {
        assertThatThrownBy(() -> load(Map.of("TLS_CERT", ec.certPem().toString(),
                "TLS_KEY", rsa.keyPem().toString())))
                .hasMessageContaining("does not hold the EC key");
    }

    @Test
    void rejectsIncompleteOrConflictingSettings() {
        assertThatThrownBy(() -> load(Map.of("TLS_CERT", ec.certPem().toString())))
                .hasMessageContaining("TLS_KEY is not set");
        assertThatThrownBy(() -> load(Map.of("TLS_KEYSTORE", rsa.keyStore().toString(),
                "TLS_CERT", ec.certPem().toString(), "TLS_KEY", ec.keyPem().toString())))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> load(Map.of("TLS_KEYSTORE", "/no/such/file.p12")))
                .hasMessageContaining("/no/such/file.p12, which is not a readable file");
    }

    @Test
    void rejectsACertificateFileWithoutCertificates() throws IOException {
        Path empty = Files.writeString(folder.resolve("empty.pem"), "no certificate here\n");

        assertThatThrownBy(() -> load(Map.of("TLS_CERT", empty.toString(),
                "TLS_KEY", ec.keyPem().toString())))
                .hasMessageContaining("TLS_CERT " + empty);
    }

    private static ServerKeys load(Map<String, String> settings) {
        Optional<ServerKeys> keys = ServerKeys.fromSettings(settings::get);
        assertThat(keys).isPresent();
        return keys.get();
    }

    private static List<String> keyAliases(KeyStore store) throws Exception {
        return Collections.list(store.aliases()).stream()
                .filter(alias -> isKey(store, alias))
                .toList();
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
