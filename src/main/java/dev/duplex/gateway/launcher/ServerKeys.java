package dev.duplex.gateway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private key and certificate chain the embedded Jetty serves TLS with. They come either
 * from a PKCS#12 key store ({@value #KEYSTORE}, {@value #KEYSTORE_PASSWORD}) or from PEM files
 * ({@value #CERT}, {@value #KEY}); Jetty reads no PEM, so those are put into a key store in
 * memory. Error messages name the setting and the file, never a password.
 */
final class ServerKeys {

    static final String KEYSTORE = "TLS_KEYSTORE";
    static final String KEYSTORE_PASSWORD = "TLS_KEYSTORE_PASSWORD";
    static final String CERT = "TLS_CERT";
    static final String KEY = "TLS_KEY";

    private static final Pattern PKCS8_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private final KeyStore store;
    private final String password;
    private final X509Certificate certificate;

    private ServerKeys(KeyStore store, String password, X509Certificate certificate) {
        this.store = store;
        this.password = password;
        this.certificate = certificate;
    }

    /** The keys the settings name, or none when no TLS setting is given. */
    static Optional<ServerKeys> fromSettings(UnaryOperator<String> settings) {
        String keystore = settings.apply(KEYSTORE);
        String cert = settings.apply(CERT);
        String key = settings.apply(KEY);
        if (keystore == null && cert == null && key == null) {
            return Optional.empty();
        }

        if (keystore != null && (cert != null || key != null)) {
            throw new IllegalArgumentException("set either " + KEYSTORE + " or " + CERT
                    + " and " + KEY + ", not both");
        }
        if (keystore != null) {
            return Optional.of(fromKeyStore(Path.of(keystore), settings.apply(KEYSTORE_PASSWORD)));
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException(CERT + " and " + KEY + " go together: "
                    + (cert == null ? CERT : KEY) + " is not set");
        }
        return Optional.of(fromPem(Path.of(cert), Path.of(key)));
    }

    /** The key store to hand to Jetty: one or more keys, each with its certificate chain. */
    KeyStore store() {
        return store;
    }

    /** The password of the store and of its keys. */
    String password() {
        return password;
    }

    /** The certificate served to clients (the first one, when the store holds several). */
    X509Certificate certificate() {
        return certificate;
    }

    private static ServerKeys fromKeyStore(Path file, String password) {
        readable(KEYSTORE, file);
        // A store saved without a password is opened with an empty one.
        String storePassword = password == null ? "" : password;

        KeyStore store;
        try {
            store = KeyStore.getInstance(file.toFile(), storePassword.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(KEYSTORE + " " + file + " could not be opened "
                    + "with " + KEYSTORE_PASSWORD + " (a PKCS#12 file and its password are "
                    + "expected): " + e.getMessage());
        }
        return new ServerKeys(store, storePassword, firstServerCertificate(store, file));
    }

    private static X509Certificate firstServerCertificate(KeyStore store, Path file) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)
                        && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    return certificate;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(KEYSTORE + " " + file + " cannot be read: "
                    + e.getMessage());
        }
        throw new IllegalArgumentException(KEYSTORE + " " + file
                + " holds no private key with a certificate");
    }

    private static ServerKeys fromPem(Path certFile, Path keyFile) {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readKey(keyFile, chain.get(0));

        String password = randomPassword();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("gateway", key, password.toCharArray(),
                    chain.toArray(new Certificate[0]));
            return new ServerKeys(store, password, chain.get(0));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(KEY + " " + keyFile + " and " + CERT + " "
                    + certFile + " cannot be used together: " + e.getMessage());
        }
    }

    /** The server's certificate first, then the ones that sign it, as in the file. */
    private static List<X509Certificate> readCertificates(Path file) {
        readable(CERT, file);

        List<X509Certificate> chain;
        try (InputStream in = Files.newInputStream(file)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(CERT + " " + file + " is not a PEM certificate "
                    + "file: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(CERT + " " + file + " holds no certificate");
        }
        return chain;
    }

    /** An unencrypted PKCS#8 key of the kind the certificate names (RSA, EC, EdDSA). */
    private static PrivateKey readKey(Path file, X509Certificate certificate) {
        readable(KEY, file);

        Matcher pem = PKCS8_KEY.matcher(readText(file));
        if (!pem.find()) {
            throw new IllegalArgumentException(KEY + " " + file + " holds no unencrypted PKCS#8 "
                    + "key (-----BEGIN PRIVATE KEY-----); convert other forms with: openssl "
                    + "pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        }

        String algorithm = certificate.getPublicKey().getAlgorithm();
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(KEY + " " + file + " does not hold the " + algorithm
                    + " key that the certificate in " + CERT + " is for");
        }
    }

    private static String readText(Path file) {
        try {
            // Latin-1 decodes any bytes: a file that is not PEM fails the match, not the read.
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(KEY + " " + file + " cannot be read: "
                    + e.getMessage());
        }
    }

    private static void readable(String setting, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(setting + " names " + file
                    + ", which is not a readable file");
        }
    }

    /** Guards only the in-memory store, which never leaves this process. */
    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
