package dev.duplex.peer;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A Duplex call or connection that failed.
 *
 * <p>{@link #code()} is the code of the other side's error reply. Failures this peer notices
 * itself carry HTTP-like codes, like the gateway's own errors: {@value #CONNECTION_CLOSED} when
 * the connection closed or could not be opened, {@value #TIMEOUT} when the handshake took too
 * long, {@value #HANDSHAKE_REFUSED} when the other side refused the handshake, and the HTTP
 * status when the server refused the WebSocket upgrade (also in {@link #httpStatus()}).
 *
 * <p>A {@link Handler} throws it to answer with an error: the other side receives exactly its
 * code, message and data.
 */
public final class DuplexException extends RuntimeException {

    /** The code sent when a handler fails with an exception other than this one. */
    public static final int INTERNAL_ERROR = 500;

    /** The connection closed before the answer came, or could not be opened. */
    public static final int CONNECTION_CLOSED = 503;

    /** The other side did not answer the handshake in time. */
    public static final int TIMEOUT = 504;

    /** The other side answered the handshake with a refusal; the message is its reason. */
    public static final int HANDSHAKE_REFUSED = 400;

    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient JsonValue data;
    private final int httpStatus;

    /** An error with a code and a message for the other side, and no data. */
    public DuplexException(int code, String message) {
        this(code, message, null, 0, null);
    }

    /** An error with a code, a message and data (any JSON, or {@code null} for none). */
    public DuplexException(int code, String message, JsonValue data) {
        this(code, message, data, 0, null);
    }

    private DuplexException(int code, String message, JsonValue data, int httpStatus,
            Throwable cause) {
        super(message, cause);
        this.code = code;
        this.data = data;
        this.httpStatus = httpStatus;
    }

    /** The failure an error reply's {@code error} member describes. */
    static DuplexException fromError(JsonObject error) {
        JsonValue message = error.get("message");
        String text = message instanceof JsonString ? ((JsonString) message).getString() : "";
        return new DuplexException(error.getJsonNumber("code").intValue(), text, error.get("data"));
    }

    static DuplexException refusedUpgrade(int status, String message) {
        return new DuplexException(status, message, null, status, null);
    }

    static DuplexException connectionClosed(String message, Throwable cause) {
        return new DuplexException(CONNECTION_CLOSED, message, null, 0, cause);
    }

    static DuplexException timeout(String message) {
        return new DuplexException(TIMEOUT, message, null, 0, null);
    }

    /** The error code: the other side's, or one of this class's constants. */
    public int code() {
        return code;
    }

    /** The error's {@code data}, or {@code null} when it carried none. */
    public JsonValue data() {
        return data;
    }

    /** The HTTP status of a refused WebSocket upgrade, or 0 for every other failure. */
    public int httpStatus() {
        return httpStatus;
    }
}
