package dev.duplex.protocol;

/**
 * The opening exchange of a Duplex connection: the side that dialled sends {@link #HELLO}, the
 * accepting side answers {@link #ACCEPTED} or a refusal frame that starts with {@code -}.
 */
public final class Handshake {

    public static final String HELLO = "SIMPLEX/1.0;json";

    public static final String ACCEPTED = "+OK";

    private static final String PREFIX = "SIMPLEX/";

    private Handshake() {
    }

    /**
     * Checks the opener's first frame.
     *
     * @return {@code null} when the frame opens a JSON connection of protocol version 1.x,
     *     otherwise the reason to refuse it with
     */
    public static String refusalFor(String frame) {
        if (frame == null || !frame.startsWith(PREFIX)) {
            return "expected a handshake like " + HELLO;
        }
        int separator = frame.indexOf(';');
        if (separator < 0) {
            return "expected a handshake like " + HELLO;
        }
        String version = frame.substring(PREFIX.length(), separator);
        String codec = frame.substring(separator + 1);
        if (!version.equals("1") && !version.startsWith("1.")) {
            return "unsupported protocol version " + version + ", this gateway speaks 1.0";
        }
        if (!codec.equals("json")) {
            return "unsupported codec " + codec + ", this gateway speaks json";
        }
        return null;
    }

    /** The frame that refuses a connection for the given reason. */
    public static String refusal(String reason) {
        return "-" + reason;
    }

    public static boolean isRefusal(String frame) {
        return frame.startsWith("-");
    }
}
