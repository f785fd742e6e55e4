package dev.duplex.gateway.web;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
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
            if (cause instanceof EOFException
                    || cause instanceof ClosedChannelException
                    || cause instanceof TimeoutException
                    || cause instanceof IOException
                    || cause.getClass().getSimpleName().contains("Timeout")
                    || cause.getClass().getSimpleName().equals("MessageTooLargeException")) {
                return true;
            }
        }
        return false;
    }
}
