package dev.duplex.peer;

/**
 * How a connection ended: the WebSocket close code and reason. A connection that broke without
 * a close handshake reports {@link #ABNORMAL} and a description of the failure.
 *
 * @param code the close code, as in RFC 6455 section 7.4
 * @param reason the close reason, empty when none was given
 */
public record CloseStatus(int code, String reason) {

    /** The close code of a connection that ended without a close frame. */
    public static final int ABNORMAL = 1006;
}
