package dev.duplex.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One Duplex message: a request or a reply on a channel. Immutable.
 *
 * <p>An id of 0 means "no id": a request that wants no reply. Absent JSON members are
 * {@code null} here ({@link #payload()}, {@link #error()}, {@link #ext()}).
 *
 * <p>A decoded message keeps its payload and its {@code ext} as the JSON text they arrived
 * in, and reads either into a tree only when asked: the gateway rewrites {@code id} and
 * replaces or extends {@code ext}, so most frames cross it without a tree being built.
 */
public final class Message {

    /** The two kinds of message, by their {@code type} member. */
    public enum Type {
        REQUEST("req"),
        REPLY("rep");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final Type type;
    private final String method;
    private final long id;
    private final String payloadJson;
    private volatile JsonValue payload;
    private final JsonObject error;
    private final boolean more;
    private final String extJson;
    private volatile JsonObject ext;

    private Message(Type type, String method, long id, String payloadJson, JsonValue payload,
            JsonObject error, boolean more, String extJson, JsonObject ext) {
        this.type = type;
        this.method = method;
        this.id = id;
        this.payloadJson = payloadJson;
        this.payload = payload;
        this.error = error;
        this.more = more;
        this.extJson = extJson;
        this.ext = ext;
    }

    public static Message request(String method, long id, JsonValue payload, boolean more,
            JsonObject ext) {
        Objects.requireNonNull(method, "method");
        return new Message(Type.REQUEST, method, id, null, payload, null, more, null, ext);
    }

    /**
     * A notice (no id, no {@code ext}) whose payload is JSON text, checked here to be exactly
     * one value and kept as it is: a payload that arrives as text is never built into a tree
     * only to be written out again. Give it an id with {@link #withId}.
     */
    public static Message requestFromText(String method, String payloadJson)
            throws MalformedMessageException {
        Objects.requireNonNull(method, "method");
        String checked = MessageCodec.checkValue(payloadJson);
        return new Message(Type.REQUEST, method, 0, checked, null, null, false, null, null);
    }

    public static Message reply(long id, JsonValue payload, boolean more, JsonObject ext) {
        return new Message(Type.REPLY, null, id, null, payload, null, more, null, ext);
    }

    /**
     * A message whose payload and {@code ext} are JSON text already checked by the codec
     * ({@code ext} an object), each null if absent.
     */
    static Message decoded(Type type, String method, long id, String payloadJson,
            JsonObject error, boolean more, String extJson) {
        return new Message(type, method, id, payloadJson, null, error, more, extJson, null);
    }

    /** An error reply; it always ends its channel. */
    public static Message error(long id, JsonObject error, JsonObject ext) {
        Objects.requireNonNull(error, "error");
        return new Message(Type.REPLY, null, id, null, null, error, false, null, ext);
    }

    public static Message error(long id, int code, String text, JsonObject ext) {
        return error(id, errorObject(code, text), ext);
    }

    public static JsonObject errorObject(int code, String text) {
        return MessageCodec.JSON.createObjectBuilder()
                .add("code", code)
                .add("message", text)
                .build();
    }

    public Type type() {
        return type;
    }

    public boolean isRequest() {
        return type == Type.REQUEST;
    }

    public boolean isReply() {
        return type == Type.REPLY;
    }

    /** The method a request calls; {@code null} on replies. */
    public String method() {
        return method;
    }

    /** The channel id, or 0 on a request that wants no reply. */
    public long id() {
        return id;
    }

    public boolean hasId() {
        return id != 0;
    }

    /** The payload as a JSON value, read from its text on first use; null if absent. */
    public JsonValue payload() {
        JsonValue value = payload;
        if (value == null && payloadJson != null) {
            value = MessageCodec.parseValue(payloadJson);
            payload = value;
        }
        return value;
    }

    /** The payload as JSON text; null if absent. */
    public String payloadJson() {
        if (payloadJson != null) {
            return payloadJson;
        }
        return payload == null ? null : payload.toString();
    }

    public JsonObject error() {
        return error;
    }

    public boolean isError() {
        return error != null;
    }

    /** The error's code, or 0 when this is not an error reply or the code is not an integer. */
    public int errorCode() {
        if (error == null || !(error.get("code") instanceof jakarta.json.JsonNumber)) {
            return 0;
        }
        return error.getJsonNumber("code").intValue();
    }

    public boolean more() {
        return more;
    }

    /** Whether this message is the last one its sender sends on the channel. */
    public boolean endsChannel() {
        return !more || error != null;
    }

    /** The {@code ext} object, read from its text on first use; null if absent. */
    public JsonObject ext() {
        JsonObject value = ext;
        if (value == null && extJson != null) {
            value = MessageCodec.parseValue(extJson).asJsonObject();
            ext = value;
        }
        return value;
    }

    /** The {@code ext} object as JSON text; null if absent. */
    public String extJson() {
        if (extJson != null) {
            return extJson;
        }
        return ext == null ? null : ext.toString();
    }

    public Message withId(long newId) {
        return new Message(type, method, newId, payloadJson, payload, error, more, extJson, ext);
    }

    public Message withExt(JsonObject newExt) {
        return withExt(null, newExt);
    }

    /** This message with the {@code ext} of {@code other}, as its text if it has one. */
    public Message withExtOf(Message other) {
        return withExt(other.extJson, other.ext);
    }

    private Message withExt(String newExtJson, JsonObject newExt) {
        return new Message(type, method, id, payloadJson, payload, error, more, newExtJson,
                newExt);
    }

    /**
     * This message with {@code ext.<name>} set, keeping every other member of {@code ext}. An
     * {@code ext} that came as text stays the text it was, with the member added: that is how
     * the gateway tags each request a client sends with its route.
     */
    public Message withExtMember(String name, String value) {
        String member = MessageCodec.JSON.createValue(value).toString();
        String current = extJson();
        String tagged = current == null
                ? "{" + MessageCodec.JSON.createValue(name) + ":" + member + "}"
                : MessageCodec.withMember(current, name, member);
        return withExt(tagged, null);
    }

    /** This message without {@code ext.<name>}; no {@code ext} at all if nothing else is left. */
    public Message withoutExtMember(String name) {
        JsonObject current = ext();
        if (current == null || !current.containsKey(name)) {
            return this;
        }
        if (current.size() == 1) {
            return withExt(null);
        }
        return withExt(MessageCodec.JSON.createObjectBuilder(current).remove(name).build());
    }

    /** The string value of {@code ext.<name>}, or {@code null} if absent or not a string. */
    public String extString(String name) {
        JsonObject current = ext();
        if (current == null || !(current.get(name) instanceof jakarta.json.JsonString)) {
            return null;
        }
        return current.getString(name);
    }

    @Override
    public String toString() {
        return MessageCodec.encode(this);
    }
}
