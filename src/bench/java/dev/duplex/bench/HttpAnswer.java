package dev.duplex.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tells whether the bytes read so far hold one whole HTTP/1.1 answer, with a
 * {@code Content-Length} or chunked: just enough of HTTP for the benchmark's own client.
 */
final class HttpAnswer {

    private HttpAnswer() {
    }

    /**
     * @param in a buffer being filled (its position is the number of bytes read)
     * @return the status code once the whole answer is in, else 0
     */
    static int complete(ByteBuffer in) {
        byte[] bytes = in.array();
        int length = in.position();
        int headEnd = headEnd(bytes, length);
        if (headEnd < 0) {
            return 0;
        }
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        int bodyStart = headEnd + 4;
        boolean whole = head.contains("transfer-encoding: chunked")
                ? chunkedEnd(bytes, bodyStart, length)
                : length >= bodyStart + contentLength(head);
        return whole ? Integer.parseInt(head.substring(9, 12)) : 0;
    }

    private static int headEnd(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r'
                    && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int contentLength(String head) {
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return 0;
        }
        int end = head.indexOf('\r', at);
        return Integer.parseInt(head.substring(at + 15, end < 0 ? head.length() : end).trim());
    }

    /** Whether the chunks from {@code at} end with the last, empty one. */
    private static boolean chunkedEnd(byte[] bytes, int at, int length) {
        while (true) {
            int lineEnd = lineEnd(bytes, at, length);
            if (lineEnd < 0) {
                return false;
            }
            String size = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int chunk = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (chunk == 0) {
                return length >= lineEnd + 4;
            }
            at = lineEnd + 2 + chunk + 2;
            if (at > length) {
                return false;
            }
        }
    }

    private static int lineEnd(byte[] bytes, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
