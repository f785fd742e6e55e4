package dev.duplex.gateway.web;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that decides which connection failures are part of normal life on the
 * internet (resets, half-closed sockets, idle timeouts) and need no stack trace in the log.
 */
final class NetworkFailures {

    private NetworkFailures() {
    }

    static boolean isExpected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // IOException covers resets, EOF and closed channels alike.
            if (cause instanceof IOException
                    || cause instanceof TimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")
                    || cause.getClass().getSimpleName().equals("MessageTooLargeException")) {
                return true;
            }
        }
        return false;
    }
}
