package dev.duplex.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.testing.Await;
import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Thousands of clients come and go with calls in flight; the gateway keeps nothing of them. */
class ChurnTest {

    private static final int CLIENTS = 2000;
    private static final int AT_ONCE = 50;

    @Test
    void holdsNoStateForClientsThatLeftWithCallsInFlight() {
        Executor later = CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS);
        try (GatewayServer server = GatewayServer.start();
                DuplexPeer backend = DuplexPeer.connect(server.backendUri("/churn", "s"),
                        PeerOptions.defaults(), peer -> {
                            peer.register("slow", call -> later.execute(
                                    () -> call.reply(call.payload())));
                            peer.register("callMeBack", call -> call.call("cb", Json.createValue(1))
                                    .whenComplete((answer, failure) -> { }));
                        })) {
            for (int done = 0; done < CLIENTS; done += AT_ONCE) {
                List<RawSocket> batch = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    RawSocket client = RawSocket.handshaken(server.clientUri("/churn", "s"));
                    client.send("{\"type\":\"req\",\"id\":1,\"method\":\"slow\",\"payload\":1}");
                    client.send("{\"type\":\"req\",\"id\":2,\"method\":\"callMeBack\"}");
                    client.send("{\"type\":\"req\",\"id\":3,\"method\":\"up\",\"more\":true}");
                    batch.add(client);
                }
                batch.forEach(RawSocket::close);
            }

            Await.until("every client to be forgotten", () -> {
                Gateway.Stats stats = server.gateway().stats();
                return stats.clients() == 0 && stats.openChannels() == 0;
            });
            assertThat(server.gateway().stats().backends()).isEqualTo(1);
            assertThat(backend.isOpen()).isTrue();
        }
    }
}
