package dev.duplex.protocol;

/** Error codes of Duplex error replies. The gateway's own are HTTP-like, so HTTP passes them on. */
public final class ErrorCodes {

    /** A request the gateway cannot route, for a reason its message gives. */
    public static final int BAD_REQUEST = 400;

    /** A backend called a route whose client is gone or was never there. */
    public static final int CLIENT_NOT_CONNECTED = 404;

    /** No backend online, or the backend left before answering. */
    public static final int BACKEND_UNAVAILABLE = 503;

    /** The caller's time limit ran out before the reply. */
    public static final int TIMEOUT = 504;

    /** A backend's "no such method", after the JSON-RPC convention. */
    public static final int METHOD_NOT_FOUND = -32601;

    /** A backend's other way of saying "no such method". */
    public static final int NOT_IMPLEMENTED = 501;

    private ErrorCodes() {
    }
}
