package dev.duplex.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One Duplex message: a request or a reply on a channel. Immutable.
 *
 * <p>An id of 0 means "no id": a request that wants no reply. Absent JSON members are
 * {@code null} here ({@link #payload()}, {@link #error()}, {@link #ext()}).
 *
 * <p>A decoded message keeps its payload as the JSON text it arrived in: the gateway only
 * rewrites {@code id} and {@code ext}, so it never builds or writes the payload's tree.
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
    private final JsonObject ext;

    private Message(Type type, String method, long id, String payloadJson, JsonValue payload,
            JsonObject error, boolean more, JsonObject ext) {
        this.type = type;
        this.method = method;
        this.id = id;
        this.payloadJson = payloadJson;
        this.payload = payload;
        this.error = error;
        this.more = more;
        this.ext = ext;
    }

    public static Message request(String method, long id, JsonValue payload, boolean more,
            JsonObject ext) {
        Objects.requireNonNull(method, "method");
        return new Message(Type.REQUEST, method, id, null, payload, null, more, ext);
    }

    public static Message reply(long id, JsonValue payload, boolean more, JsonObject ext) {
        return new Message(Type.REPLY, null, id, null, payload, null, more, ext);
    }

    /** A message whose payload is JSON text already checked by the codec, or null if absent. */
    static Message decoded(Type type, String method, long id, String payloadJson,
            JsonObject error, boolean more, JsonObject ext) {
        return new Message(type, method, id, payloadJson, null, error, more, ext);
    }

    /** An error reply; it always ends its channel. */
    public static Message error(long id, JsonObject error, JsonObject ext) {
        Objects.requireNonNull(error, "error");
        return new Message(Type.REPLY, null, id, null, null, error, false, ext);
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

    public JsonObject ext() {
        return ext;
    }

    public Message withId(long newId) {
        return new Message(type, method, newId, payloadJson, payload, error, more, ext);
    }

    public Message withExt(JsonObject newExt) {
        return new Message(type, method, id, payloadJson, payload, error, more, newExt);
    }

    /** This message with {@code ext.<name>} set, keeping every other member of {@code ext}. */
    public Message withExtMember(String name, String value) {
        JsonObjectBuilder builder = ext == null
                ? MessageCodec.JSON.createObjectBuilder()
                : MessageCodec.JSON.createObjectBuilder(ext);
        return withExt(builder.add(name, value).build());
    }

    /** This message without {@code ext.<name>}; no {@code ext} at all if nothing else is left. */
    public Message withoutExtMember(String name) {
        if (ext == null || !ext.containsKey(name)) {
            return this;
        }
        if (ext.size() == 1) {
            return withExt(null);
        }
        return withExt(MessageCodec.JSON.createObjectBuilder(ext).remove(name).build());
    }

    /** The string value of {@code ext.<name>}, or {@code null} if absent or not a string. */
    public String extString(String name) {
        if (ext == null || !(ext.get(name) instanceof jakarta.json.JsonString)) {
            return null;
        }
        return ext.getString(name);
    }

    @Override
    public String toString() {
        return MessageCodec.encode(this);
    }
}
