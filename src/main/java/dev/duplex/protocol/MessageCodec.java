package dev.duplex.protocol;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Reads and writes Duplex messages in the JSON codec: one JSON object per text frame.
 *
 * <p>Reading accepts members in any order, {@code id} and {@code more} omitted (as the Go,
 * Python and JavaScript peers send them), and rejects anything else the protocol does not allow
 * with a message that says what was expected. Writing omits {@code id} when it is 0 and
 * {@code more} when it is false, like those peers.
 *
 * <p>Reading streams over the frame: the whole frame is checked, but only the small members
 * become values; the payload and {@code ext} stay the text they were, and are written back as
 * they came.
 */
public final class MessageCodec {

    /** The largest id a JavaScript peer can hold exactly (2^53 - 1). */
    public static final long MAX_ID = 9_007_199_254_740_991L;

    /**
     * The JSON-P provider, looked up once. Every static {@code jakarta.json.Json} method looks
     * it up anew, scanning the class path for it: inside a web application that cost more
     * than all the rest of a routed call. Code on the message path uses this instead.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());

    private static final BigDecimal LARGEST_ID = BigDecimal.valueOf(MAX_ID);

    private MessageCodec() {
    }

    public static Message decode(String frame) throws MalformedMessageException {
        try (JsonParser parser = PARSERS.createParser(new StringReader(frame))) {
            if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
                throw new MalformedMessageException("expected a JSON object");
            }
            Members members = new Members();
            while (parser.next() == Event.KEY_NAME) {
                readMember(frame, parser, members);
            }
            if (parser.hasNext()) {
                throw new MalformedMessageException("expected one JSON object, found more");
            }
            return members.toMessage();
        } catch (JsonException e) {
            throw new MalformedMessageException("expected a JSON object, the frame is not JSON");
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            // The parser's own limits (nesting depth, number size) throw plain runtime errors.
            throw new MalformedMessageException("expected a JSON object of sane size and depth");
        }
    }

    /**
     * Checks that {@code text} is exactly one JSON value, without building it, and returns it
     * without the white space around it: for a payload that arrives as text, such as the body
     * of an HTTP call.
     */
    public static String checkValue(String text) throws MalformedMessageException {
        // Read one level deeper than the text is, inside an array: a payload sits inside the
        // message object, and a value as deep as the parser allows would make a frame that
        // no peer can read.
        try (JsonParser parser = PARSERS.createParser(new StringReader("[" + text + "]"))) {
            parser.next();
            if (parser.next() == Event.END_ARRAY) {
                throw new MalformedMessageException("expected a JSON value, found nothing");
            }
            skip(parser, parser.currentEvent());
            if (parser.next() != Event.END_ARRAY || parser.hasNext()) {
                throw new MalformedMessageException("expected one JSON value, found more");
            }
            return text.strip();
        } catch (JsonException e) {
            throw new MalformedMessageException("expected a JSON value, the text is not JSON");
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedMessageException("expected a JSON value of sane size and depth");
        }
    }

    /**
     * An object's JSON text with the member {@code name} set to {@code valueJson}, added last.
     * Every other member is copied exactly as it was written, so the text grows by the new
     * member only (a tree written out again would spell numbers and escapes its own way, and
     * could grow a frame past the size its reader accepts); earlier {@code name}s are dropped.
     * {@code objectJson} must be an object this codec has checked.
     */
    static String withMember(String objectJson, String name, String valueJson) {
        StringBuilder out = new StringBuilder(objectJson.length() + name.length()
                + valueJson.length() + 8).append('{');
        try (JsonParser parser = PARSERS.createParser(new StringReader(objectJson))) {
            parser.next();
            int memberStart = offset(parser);
            while (parser.next() == Event.KEY_NAME) {
                String key = parser.getString();
                skip(parser, parser.next());
                int memberEnd = offset(parser);
                if (!key.equals(name)) {
                    out.append(objectJson, past(objectJson, memberStart, ','), memberEnd)
                            .append(',');
                }
                memberStart = memberEnd;
            }
        }
        return out.append(JSON.createValue(name)).append(':').append(valueJson).append('}')
                .toString();
    }

    public static String encode(Message message) {
        String payload = message.payloadJson();
        StringBuilder out = new StringBuilder(128 + (payload == null ? 0 : payload.length()));
        out.append("{\"type\":\"").append(message.type().wireName()).append('"');
        if (message.hasId()) {
            out.append(",\"id\":").append(message.id());
        }
        if (message.isRequest()) {
            out.append(",\"method\":").append(JSON.createValue(message.method()));
        }
        if (payload != null) {
            out.append(",\"payload\":").append(payload);
        }
        if (message.error() != null) {
            out.append(",\"error\":").append(message.error());
        }
        if (message.more()) {
            out.append(",\"more\":true");
        }
        String ext = message.extJson();
        if (ext != null) {
            out.append(",\"ext\":").append(ext);
        }
        return out.append('}').toString();
    }

    /** Reads JSON text that this codec has already checked, such as a decoded payload. */
    static JsonValue parseValue(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private static void readMember(String frame, JsonParser parser, Members members)
            throws MalformedMessageException {
        String name = parser.getString();
        long nameEnd = parser.getLocation().getStreamOffset();
        Event value = parser.next();

        switch (name) {
            case "type":
                members.type = string(parser, value, name);
                break;
            case "method":
                members.method = string(parser, value, name);
                break;
            case "id":
                members.id = id(parser, value);
                break;
            case "more":
                members.more = flag(value, name);
                break;
            case "payload":
                members.payload = text(frame, (int) nameEnd, parser, value);
                break;
            case "error":
                members.error = object(parser, value, name);
                break;
            case "ext":
                members.ext = objectText(frame, (int) nameEnd, parser, value, name);
                break;
            default:
                skip(parser, value);
        }
    }

    /** A member's value as the text it is in the frame, checked on the way past it. */
    private static String text(String frame, int nameEnd, JsonParser parser, Event value) {
        int start = past(frame, nameEnd, ':');
        skip(parser, value);
        return frame.substring(start, offset(parser));
    }

    /** Like {@link #object}, but the object stays the text it is in the frame. */
    private static String objectText(String frame, int nameEnd, JsonParser parser, Event value,
            String name) throws MalformedMessageException {
        if (value == Event.VALUE_NULL) {
            return null;
        }
        if (value != Event.START_OBJECT) {
            throw new MalformedMessageException("expected \"" + name + "\" to be an object");
        }
        return text(frame, nameEnd, parser, value);
    }

    /**
     * Where the next token starts: past the white space and the {@code separator} (the colon
     * after a member's name, the comma before a member) from {@code from} on.
     */
    private static int past(String json, int from, char separator) {
        int at = from;
        while (Character.isWhitespace(json.charAt(at)) || json.charAt(at) == separator) {
            at++;
        }
        return at;
    }

    private static int offset(JsonParser parser) {
        return (int) parser.getLocation().getStreamOffset();
    }

    /** Passes over a value, checking it: a nested value is read event by event, no tree. */
    private static void skip(JsonParser parser, Event value) {
        int depth = value == Event.START_OBJECT || value == Event.START_ARRAY ? 1 : 0;
        while (depth > 0) {
            Event next = parser.next();
            if (next == Event.START_OBJECT || next == Event.START_ARRAY) {
                depth++;
            } else if (next == Event.END_OBJECT || next == Event.END_ARRAY) {
                depth--;
            }
        }
    }

    private static String string(JsonParser parser, Event value, String name)
            throws MalformedMessageException {
        if (value != Event.VALUE_STRING) {
            skip(parser, value);
            throw new MalformedMessageException("expected \"" + name + "\" to be a string");
        }
        return parser.getString();
    }

    private static long id(JsonParser parser, Event value) throws MalformedMessageException {
        if (value == Event.VALUE_NULL) {
            return 0;
        }
        if (value != Event.VALUE_NUMBER) {
            skip(parser, value);
            throw new MalformedMessageException("expected \"id\" to be a number");
        }
        if (parser.isIntegralNumber() && parser.getString().length() < 17) {
            long id = parser.getLong();
            if (id >= 0 && id <= MAX_ID) {
                return id;
            }
        } else {
            BigDecimal number = parser.getBigDecimal();
            if (number.signum() >= 0 && number.compareTo(LARGEST_ID) <= 0
                    && number.stripTrailingZeros().scale() <= 0) {
                return number.longValueExact();
            }
        }
        throw new MalformedMessageException("expected \"id\" to be an integer from 0 to " + MAX_ID);
    }

    private static boolean flag(Event value, String name) throws MalformedMessageException {
        if (value == Event.VALUE_TRUE) {
            return true;
        }
        if (value == Event.VALUE_FALSE || value == Event.VALUE_NULL) {
            return false;
        }
        throw new MalformedMessageException("expected \"" + name + "\" to be true or false");
    }

    private static JsonObject object(JsonParser parser, Event value, String name)
            throws MalformedMessageException {
        if (value == Event.VALUE_NULL) {
            return null;
        }
        if (value != Event.START_OBJECT) {
            throw new MalformedMessageException("expected \"" + name + "\" to be an object");
        }
        return parser.getObject();
    }

    /** The members read so far; the last of a repeated member wins, as in a JSON tree. */
    private static final class Members {

        String type;
        String method;
        long id;
        boolean more;
        String payload;
        JsonObject error;
        String ext;

        Message toMessage() throws MalformedMessageException {
            if (type == null) {
                throw new MalformedMessageException("expected a string member \"type\"");
            }
            switch (type) {
                case "req":
                    return request();
                case "rep":
                    return reply();
                default:
                    throw new MalformedMessageException("expected \"type\" to be \"req\" or "
                            + "\"rep\", got \"" + abbreviate(type) + "\"");
            }
        }

        private Message request() throws MalformedMessageException {
            if (method == null) {
                throw new MalformedMessageException(
                        "expected a request to have a string \"method\"");
            }
            return Message.decoded(Message.Type.REQUEST, method, id, payload, null, more, ext);
        }

        private Message reply() throws MalformedMessageException {
            if (id == 0) {
                throw new MalformedMessageException("expected a reply to have a positive \"id\"");
            }
            if (error == null) {
                return Message.decoded(Message.Type.REPLY, null, id, payload, null, more, ext);
            }
            if (!(error.get("code") instanceof JsonNumber code) || !code.isIntegral()) {
                throw new MalformedMessageException("expected \"error.code\" to be an integer");
            }
            return Message.decoded(Message.Type.REPLY, null, id, null, error, false, ext);
        }

        private static String abbreviate(String text) {
            return text.length() <= 32 ? text : text.substring(0, 32) + "...";
        }
    }
}
