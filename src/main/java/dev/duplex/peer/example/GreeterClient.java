package dev.duplex.peer.example;

import dev.duplex.peer.DuplexPeer;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Uses the greeter through the gateway as a WebSocket client: a call, a stream, a callback.
 *
 * <p>Run: {@code GreeterClient <gateway ws URL of the endpoint> <secret> <name>}.
 */
public final class GreeterClient {

    private GreeterClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: GreeterClient <ws://host:port/path> <secret> <name>");
            System.exit(2);
        }
        URI uri = URI.create(args[0] + "?secret="
                + URLEncoder.encode(args[1], StandardCharsets.UTF_8));

        try (DuplexPeer peer = DuplexPeer.connect(uri)) {
            for (String line : talk(peer, args[2])) {
                System.out.println(line);
            }
        }
    }

    /** Calls each of the greeter's methods once and says what came back. */
    public static List<String> talk(DuplexPeer peer, String name) throws Exception {
        JsonValue greeting = peer.call("greet", Json.createValue(name)).get(10, TimeUnit.SECONDS);
        List<JsonValue> counted = peer.stream("count", Json.createValue(3))
                .get(10, TimeUnit.SECONDS);

        String callback = peer.registerCallback(call -> call.reply(Json.createValue("noted")));
        JsonValue reminded = peer.call("remind", Json.createObjectBuilder()
                .add("callback", callback)
                .add("note", "stretch")
                .build()).get(10, TimeUnit.SECONDS);

        return List.of("greet -> " + greeting, "count -> " + counted, "remind -> " + reminded);
    }
}
