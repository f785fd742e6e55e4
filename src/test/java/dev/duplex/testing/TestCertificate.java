package dev.duplex.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made at
 * test time by the JDK's {@code keytool}, in each form the gateway reads: a PKCS#12 key store
 * and a pair of PEM files (the certificate, and the key in PKCS#8).
 */
public final class TestCertificate {

    public static final String PASSWORD = "throw-away-test-password";

    private static final String ALIAS = "gateway";
    private static final Duration KEYTOOL_LIMIT = Duration.ofSeconds(60);

    private final Path keyStore;
    private final Path certPem;
    private final Path keyPem;
    private final X509Certificate certificate;

    private TestCertificate(Path keyStore, Path certPem, Path keyPem,
            X509Certificate certificate) {
        this.keyStore = keyStore;
        this.certPem = certPem;
        this.keyPem = keyPem;
        this.certificate = certificate;
    }

    /** Makes a certificate with a key of {@code keyAlgorithm} (RSA, EC) in {@code folder}. */
    public static TestCertificate create(Path folder, String keyAlgorithm) {
        String prefix = keyAlgorithm.toLowerCase(Locale.ROOT);
        Path keyStore = folder.resolve(prefix + ".p12");
        runKeytool(folder, keyStore, keyAlgorithm);

        try {
            KeyStore store = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
            Key key = store.getKey(ALIAS, PASSWORD.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);

            Path certPem = folder.resolve(prefix + "-cert.pem");
            Path keyPem = folder.resolve(prefix + "-key.pem");
            Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
            // A PKCS#12 store keeps keys in PKCS#8, which is what getEncoded gives back.
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificate(keyStore, certPem, keyPem, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool made an unreadable key store", e);
        }
    }

    public Path keyStore() {
        return keyStore;
    }

    public Path certPem() {
        return certPem;
    }

    public Path keyPem() {
        return keyPem;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A TLS context that trusts this certificate and nothing else. */
    public SSLContext trustingIt() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the test certificate", e);
        }
    }

    /** An HTTP (and WebSocket) client that trusts this certificate and nothing else. */
    public HttpClient httpClient() {
        return HttpClient.newBuilder()
                .sslContext(trustingIt())
                .connectTimeout(RawSocket.WAIT)
                .build();
    }

    private static void runKeytool(Path folder, Path keyStore, String keyAlgorithm) {
        Path log = folder.resolve("keytool.log");
        ProcessBuilder keytool = new ProcessBuilder(ChildProcess.jdkTool("keytool"),
                "-genkeypair", "-noprompt",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-alias", ALIAS, "-keyalg", keyAlgorithm,
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            Process process = keytool.start();
            if (!process.waitFor(KEYTOOL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool took more than " + KEYTOOL_LIMIT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
