package dev.duplex.protocol;

/** A frame that is not a valid Duplex message; the message says what was wrong. */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
