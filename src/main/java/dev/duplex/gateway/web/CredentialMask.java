package dev.duplex.gateway.web;

import java.util.regex.Pattern;

/** Hides the values of JSON members that look like credentials, for logs. */
final class CredentialMask {

    private static final Pattern CREDENTIAL = Pattern.compile(
            "\"(token|secret|password|authorization)\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"",
            Pattern.CASE_INSENSITIVE);

    private CredentialMask() {
    }

    static String mask(String frame) {
        return CREDENTIAL.matcher(frame).replaceAll("\"$1\":\"***\"");
    }
}
