package dev.duplex.bench;

import java.util.function.Consumer;

/**
 * The backend's two methods, the same whether it is reached through the gateway or straight:
 * {@code echo} answers with the request's payload, {@code stream} with {@code count} replies
 * of {@code bytes} characters each. Replies copy the request's {@code ext}, as the protocol
 * asks of every provider, so the gateway can route them.
 */
final class EchoService {

    /** The 16 KiB replies of a stream are built from this, cut to the size asked for. */
    private static final String FILLER = "x".repeat(1 << 20);

    private EchoService() {
    }

    /** Answers one request frame; notices (no id) and replies are ignored. */
    static void answer(String frame, Consumer<String> send) {
        String id = Members.value(frame, "id");
        String method = Members.value(frame, "method");
        if (id == null || method == null) {
            return;
        }
        String ext = Members.value(frame, "ext");
        String payload = Members.value(frame, "payload");
        if (method.equals("\"stream\"")) {
            stream(id, payload, ext, send);
        } else if (method.equals("\"echo\"")) {
            send.accept(reply(id, payload == null ? "null" : payload, false, ext));
        } else {
            send.accept("{\"type\":\"rep\",\"id\":" + id
                    + ",\"error\":{\"code\":-32601,\"message\":\"no such method\"}"
                    + extMember(ext) + "}");
        }
    }

    private static void stream(String id, String payload, String ext, Consumer<String> send) {
        long count = Members.longValue(payload, "count", 1);
        int bytes = (int) Math.min(Members.longValue(payload, "bytes", 16), FILLER.length());
        String chunk = "\"" + FILLER.substring(0, bytes) + "\"";
        for (long i = 1; i <= count; i++) {
            send.accept(reply(id, chunk, i < count, ext));
        }
    }

    private static String reply(String id, String payload, boolean more, String ext) {
        StringBuilder frame = new StringBuilder(payload.length() + 64);
        frame.append("{\"type\":\"rep\",\"id\":").append(id)
                .append(",\"payload\":").append(payload);
        if (more) {
            frame.append(",\"more\":true");
        }
        return frame.append(extMember(ext)).append('}').toString();
    }

    private static String extMember(String ext) {
        return ext == null ? "" : ",\"ext\":" + ext;
    }
}
