package dev.duplex.peer.example;

import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A Duplex service that publishes itself through a gateway: {@code greet} answers once,
 * {@code count} streams, and {@code remind} calls the caller back.
 *
 * <p>Run: {@code GreeterService <gateway ws URL of the endpoint> <publish token> <secret>}.
 */
public final class GreeterService {

    private GreeterService() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: GreeterService <ws://host:port/path> <token> <secret>");
            System.exit(2);
        }
        URI uri = URI.create(args[0] + "?token=" + encode(args[1]) + "&secret=" + encode(args[2]));

        DuplexPeer peer = publish(uri);
        // Ctrl-C or SIGTERM: close with 1000, so the gateway sees a backend leave, not a crash.
        Runtime.getRuntime().addShutdownHook(new Thread(peer::close, "greeter-close"));
        System.out.println("greeter published at " + args[0] + "; Ctrl-C to stop");
        peer.closed().join();
    }

    /** Connects to the gateway as the backend of an endpoint and offers the methods. */
    public static DuplexPeer publish(URI uriWithTokenAndSecret) {
        return DuplexPeer.connect(uriWithTokenAndSecret, PeerOptions.defaults(),
                GreeterService::offer);
    }

    private static void offer(DuplexPeer peer) {
        peer.function("greet", name -> Json.createValue("Hello, " + text(name) + "!"));

        peer.register("count", call -> {
            int to = ((JsonNumber) call.payload()).intValue();
            for (int i = 1; i < to; i++) {
                call.send(Json.createValue(i));
            }
            call.reply(Json.createValue(to));
        });

        // The payload names a callback the caller registered; calling it goes back through
        // the gateway to that caller only.
        peer.register("remind", call -> {
            String callback = call.payload().asJsonObject().getString("callback");
            String note = call.payload().asJsonObject().getString("note");
            JsonValue answer = call.call(callback, Json.createValue("reminder: " + note)).get();
            call.reply(answer);
        });
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : String.valueOf(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
