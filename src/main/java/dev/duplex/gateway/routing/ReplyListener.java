package dev.duplex.gateway.routing;

import dev.duplex.protocol.Message;

/** Receives the replies of one HTTP call, in order, with the call's id 1 and no {@code ext}. */
@FunctionalInterface
public interface ReplyListener {

    /** One reply; the last one has {@link Message#endsChannel()} true. */
    void onReply(Message reply);
}
