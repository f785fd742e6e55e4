package dev.duplex.bench;

/**
 * Finds the top-level members of a JSON object text without building a tree, so that the
 * benchmark's own processes spend as little as possible per frame. It trusts its input: every
 * frame it reads was written by the gateway, the echo backend or the load generator.
 */
final class Members {

    private Members() {
    }

    /** The raw text of member {@code name}'s value (a string keeps its quotes), or null. */
    static String value(String json, String name) {
        long span = span(json, name);
        return span < 0 ? null : json.substring(start(span), end(span));
    }

    /**
     * Where member {@code name}'s value lies: start index in the high half, end index
     * (exclusive) in the low half; -1 when there is no such member.
     */
    static long span(String json, String name) {
        int at = skipSpace(json, json.indexOf('{') + 1);
        while (at < json.length() && json.charAt(at) == '"') {
            int keyEnd = skipString(json, at);
            int valueStart = skipSpace(json, json.indexOf(':', keyEnd) + 1);
            int valueEnd = skipValue(json, valueStart);
            if (isKey(json, at, keyEnd, name)) {
                return ((long) valueStart << 32) | valueEnd;
            }
            at = skipSpace(json, valueEnd);
            at = json.charAt(at) == ',' ? skipSpace(json, at + 1) : json.length();
        }
        return -1;
    }

    static int start(long span) {
        return (int) (span >>> 32);
    }

    static int end(long span) {
        return (int) span;
    }

    /** The value of an integer member, or {@code fallback} when it is absent. */
    static long longValue(String json, String name, long fallback) {
        String text = value(json, name);
        return text == null ? fallback : Long.parseLong(text);
    }

    private static boolean isKey(String json, int quote, int keyEnd, String name) {
        return keyEnd - quote - 2 == name.length()
                && json.regionMatches(quote + 1, name, 0, name.length());
    }

    private static int skipSpace(String json, int at) {
        while (at < json.length() && json.charAt(at) <= ' ') {
            at++;
        }
        return at;
    }

    private static int skipValue(String json, int at) {
        char first = json.charAt(at);
        if (first == '"') {
            return skipString(json, at);
        }
        if (first == '{' || first == '[') {
            return skipNested(json, at);
        }
        int end = at;
        while (end < json.length() && ",}] \t\r\n".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    /** From an opening quote to just past its closing quote. */
    private static int skipString(String json, int quote) {
        int from = quote + 1;
        while (true) {
            int close = json.indexOf('"', from);
            int escapes = 0;
            while (json.charAt(close - 1 - escapes) == '\\') {
                escapes++;
            }
            if (escapes % 2 == 0) {
                return close + 1;
            }
            from = close + 1;
        }
    }

    private static int skipNested(String json, int open) {
        int depth = 0;
        int at = open;
        while (true) {
            char c = json.charAt(at);
            if (c == '"') {
                at = skipString(json, at);
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return at + 1;
            }
            at++;
        }
    }
}
