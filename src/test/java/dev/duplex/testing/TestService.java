package dev.duplex.testing;

import dev.duplex.peer.DuplexPeer;
import jakarta.json.Json;
import jakarta.json.JsonNumber;

/** The methods test backends offer: {@code echo}, and {@code count}, which streams 1..n. */
public final class TestService {

    private TestService() {
    }

    public static void offer(DuplexPeer peer) {
        peer.function("echo", payload -> payload);
        peer.register("count", call -> {
            int n = ((JsonNumber) call.payload()).intValue();
            for (int i = 1; i < n; i++) {
                call.send(Json.createValue(i));
            }
            call.reply(Json.createValue(n));
        });
    }
}
