package dev.duplex.protocol;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;

/**
 * Reads and writes Duplex messages in the JSON codec: one JSON object per text frame.
 *
 * <p>Reading accepts members in any order, {@code id} and {@code more} omitted (as the Go,
 * Python and JavaScript peers send them), and rejects anything else the protocol does not allow
 * with a message that says what was expected. Writing omits {@code id} when it is 0 and
 * {@code more} when it is false, like those peers.
 */
public final class MessageCodec {

    /** The largest id a JavaScript peer can hold exactly (2^53 - 1). */
    public static final long MAX_ID = 9_007_199_254_740_991L;

    private MessageCodec() {
    }

    public static Message decode(String frame) throws MalformedMessageException {
        JsonObject object = parseObject(frame);
        String type = stringMember(object, "type");
        if (type == null) {
            throw new MalformedMessageException("expected a string member \"type\"");
        }
        long id = idMember(object);
        boolean more = booleanMember(object, "more");
        JsonObject ext = objectMember(object, "ext");
        JsonValue payload = object.get("payload");

        switch (type) {
            case "req":
                return decodeRequest(object, id, payload, more, ext);
            case "rep":
                return decodeReply(object, id, payload, more, ext);
            default:
                throw new MalformedMessageException(
                        "expected \"type\" to be \"req\" or \"rep\", got \""
                        + abbreviate(type) + "\"");
        }
    }

    public static String encode(Message message) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject();
            json.write("type", message.type().wireName());
            if (message.hasId()) {
                json.write("id", message.id());
            }
            if (message.isRequest()) {
                json.write("method", message.method());
            }
            if (message.payload() != null) {
                json.write("payload", message.payload());
            }
            if (message.error() != null) {
                json.write("error", message.error());
            }
            if (message.more()) {
                json.write("more", true);
            }
            if (message.ext() != null) {
                json.write("ext", message.ext());
            }
            json.writeEnd();
        }
        return out.toString();
    }

    private static Message decodeRequest(JsonObject object, long id, JsonValue payload,
            boolean more, JsonObject ext) throws MalformedMessageException {
        String method = stringMember(object, "method");
        if (method == null) {
            throw new MalformedMessageException("expected a request to have a string \"method\"");
        }
        return Message.request(method, id, payload, more, ext);
    }

    private static Message decodeReply(JsonObject object, long id, JsonValue payload,
            boolean more, JsonObject ext) throws MalformedMessageException {
        if (id == 0) {
            throw new MalformedMessageException("expected a reply to have a positive \"id\"");
        }
        if (!object.containsKey("error") || object.isNull("error")) {
            return Message.reply(id, payload, more, ext);
        }
        JsonObject error = objectMember(object, "error");
        if (!(error.get("code") instanceof JsonNumber)
                || !((JsonNumber) error.get("code")).isIntegral()) {
            throw new MalformedMessageException("expected \"error.code\" to be an integer");
        }
        return Message.error(id, error, ext);
    }

    private static JsonObject parseObject(String frame) throws MalformedMessageException {
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(frame))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new MalformedMessageException("expected a JSON object, the frame is not JSON");
        } catch (RuntimeException e) {
            // The parser's own limits (nesting depth, number size) throw plain runtime errors.
            throw new MalformedMessageException("expected a JSON object of sane size and depth");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedMessageException(
                    "expected a JSON object, got " + value.getValueType().name().toLowerCase());
        }
        return value.asJsonObject();
    }

    private static String stringMember(JsonObject object, String name)
            throws MalformedMessageException {
        JsonValue value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonString)) {
            throw new MalformedMessageException("expected \"" + name + "\" to be a string");
        }
        return ((JsonString) value).getString();
    }

    private static long idMember(JsonObject object) throws MalformedMessageException {
        JsonValue value = object.get("id");
        if (value == null || value == JsonValue.NULL) {
            return 0;
        }
        if (!(value instanceof JsonNumber)) {
            throw new MalformedMessageException("expected \"id\" to be a number");
        }
        BigDecimal number = ((JsonNumber) value).bigDecimalValue();
        if (number.signum() < 0
                || number.compareTo(BigDecimal.valueOf(MAX_ID)) > 0
                || number.stripTrailingZeros().scale() > 0) {
            throw new MalformedMessageException(
                    "expected \"id\" to be an integer from 0 to " + MAX_ID);
        }
        return number.longValueExact();
    }

    private static boolean booleanMember(JsonObject object, String name)
            throws MalformedMessageException {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        throw new MalformedMessageException("expected \"" + name + "\" to be true or false");
    }

    private static JsonObject objectMember(JsonObject object, String name)
            throws MalformedMessageException {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MalformedMessageException("expected \"" + name + "\" to be an object");
        }
        return value.asJsonObject();
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }
}
