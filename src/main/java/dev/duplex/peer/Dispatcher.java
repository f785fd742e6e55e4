package dev.duplex.peer;

import dev.duplex.protocol.ErrorCodes;
import dev.duplex.protocol.Message;
import dev.duplex.protocol.MessageCodec;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the messages of one connection: requests to handlers, replies to the channels waiting
 * for them. {@link #onMessage} runs on the thread that reads the connection and never blocks;
 * everything a user wrote runs on the handler executor.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Outbox outbox;
    private final Executor executor;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

    // Streamed requests still coming from the other side, by the other side's ids.
    private final Map<Long, Call> incoming = new ConcurrentHashMap<>();

    // Channels this peer opened that await replies, by this peer's own ids.
    private final Map<Long, Channel> outgoing = new ConcurrentHashMap<>();

    private final AtomicLong lastId = new AtomicLong();
    private final AtomicLong lastCallback = new AtomicLong();
    private volatile boolean closed;

    Dispatcher(Outbox outbox, Executor executor) {
        this.outbox = outbox;
        this.executor = executor;
    }

    /** A request's payload as handlers and listeners see it: JSON null when absent. */
    static JsonValue payloadOf(Message message) {
        return message.payload() == null ? JsonValue.NULL : message.payload();
    }

    void register(String method, Handler handler) {
        handlers.put(method, handler);
    }

    void unregister(String method) {
        handlers.remove(method);
    }

    String registerCallback(Handler handler) {
        String name = "callback." + lastCallback.incrementAndGet();
        handlers.put(name, handler);
        return name;
    }

    Channel open(String method, JsonObject ext) {
        long id = lastId.incrementAndGet();
        return new Channel(this, id, method, ext, new SerialExecutor(executor));
    }

    CompletableFuture<JsonValue> call(String method, JsonValue payload, JsonObject ext) {
        Channel channel = open(method, ext);

        // Only the last reply matters here; a listener keeps streamed ones from piling up.
        channel.onReply(ignored -> { });
        channel.sendLast(payload);
        return channel.lastReply();
    }

    void sendNotification(String method, JsonValue payload) {
        if (closed) {
            throw DuplexException.connectionClosed("connection closed", null);
        }
        send(Message.request(method, 0, payload, false, null));
    }

    CompletableFuture<Void> send(Message message) {
        if (log.isDebugEnabled()) {
            log.debug("Sending {} on channel {}{}", message.type().wireName(), message.id(),
                    message.isRequest() ? " to " + message.method() : "");
        }
        return outbox.send(MessageCodec.encode(message));
    }

    /** Starts awaiting replies on a channel whose first request is about to be sent. */
    void track(Channel channel) {
        outgoing.put(channel.id(), channel);

        // Closing fails what it finds in the map; a channel added meanwhile fails itself.
        if (closed) {
            forget(channel.id());
        }
    }

    void forget(long id) {
        Channel channel = outgoing.remove(id);
        if (channel != null) {
            channel.fail(DuplexException.connectionClosed("connection closed", null));
        }
    }

    void onMessage(Message message) {
        if (message.isReply()) {
            onReply(message);
        } else {
            onRequest(message);
        }
    }

    /** Fails every call still waiting; nothing more will arrive. Safe to call twice. */
    void onClosed() {
        closed = true;
        outgoing.keySet().forEach(this::forget);
        incoming.clear();
    }

    private void onReply(Message reply) {
        Channel channel = reply.endsChannel()
                ? outgoing.remove(reply.id())
                : outgoing.get(reply.id());
        if (channel == null) {
            log.debug("Dropped a reply on channel {}, which no call awaits", reply.id());
            return;
        }
        channel.deliver(reply);
    }

    private void onRequest(Message request) {
        Call streaming = request.hasId() ? incoming.get(request.id()) : null;
        if (streaming != null) {
            if (!request.more()) {
                incoming.remove(request.id(), streaming);
            }
            streaming.deliver(request);
            return;
        }

        Call call = new Call(this, request, new SerialExecutor(executor));
        if (request.hasId() && request.more()) {
            incoming.put(request.id(), call);
        }

        Handler handler = handlers.get(request.method());
        if (handler == null) {
            rejectUnknown(call);
            return;
        }
        call.start(handler);
    }

    // Answered right here, not on the executor, so the error leaves before any frame that a
    // handler of a later request sends.
    private static void rejectUnknown(Call call) {
        if (!call.wantsReply()) {
            log.debug("Dropped a notification to {}, which has no handler", call.method());
            return;
        }
        call.fail(ErrorCodes.METHOD_NOT_FOUND, "method not found: " + call.method());
    }
}
