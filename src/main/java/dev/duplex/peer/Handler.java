package dev.duplex.peer;

/**
 * Answers the requests of one method. It runs on the peer's executor, never on the thread that
 * reads the connection, so it may block, for example on a callback made with
 * {@link Call#call}.
 *
 * <p>The handler may answer before it returns or later from any thread; returning without an
 * answer leaves the channel open. Throwing a {@link DuplexException} answers with its code,
 * message and data; any other exception answers with code {@value DuplexException#INTERNAL_ERROR}
 * and a generic message, and is logged here.
 */
@FunctionalInterface
public interface Handler {

    void handle(Call call) throws Exception;
}
