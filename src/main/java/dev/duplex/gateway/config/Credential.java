package dev.duplex.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A token or secret, kept only as its SHA-256 digest so the plain text need not outlive the
 * request that brought it. Comparison takes the same time whatever the input.
 */
public final class Credential {

    private final byte[] digest;

    private Credential(byte[] digest) {
        this.digest = digest;
    }

    /** The credential for a non-empty plain text. */
    public static Credential of(String plain) {
        if (plain == null || plain.isEmpty()) {
            throw new IllegalArgumentException("a credential cannot be empty");
        }
        return new Credential(sha256(plain));
    }

    /** Whether {@code presented} is this credential; {@code null} and empty never are. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    public boolean sameAs(Credential other) {
        return MessageDigest.isEqual(digest, other.digest);
    }

    private static byte[] sha256(String text) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Credential[masked]";
    }
}
