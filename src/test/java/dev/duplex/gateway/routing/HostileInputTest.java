package dev.duplex.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.testing.Await;
import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thousands of wrong frames from clients and from a backend, while a well-behaved client keeps
 * calling: it sees every reply, and the gateway holds nothing afterwards.
 */
class HostileInputTest {

    private static final String[] INVALID = {
        "", "not json", "[]", "null", "42", "{}", "{\"type\":\"req\"}", "{\"type\":7}",
        "{\"type\":\"req\",\"method\":\"m\",\"id\":-5}",
        "{\"type\":\"req\",\"method\":\"m\",\"id\":18446744073709551616}",
        "{\"type\":\"req\",\"method\":\"m\",\"id\":\"1\"}",
        "{\"type\":\"req\",\"method\":\"m\",\"ext\":\"x\"}",
        "{\"type\":\"rep\",\"id\":1,\"error\":{\"code\":\"x\"}}",
        "{\"type\":\"rep\"}", "{\"type\":\"bogus\",\"method\":\"m\"}",
        "[".repeat(3000) + "]".repeat(3000),
        "{\"type\":\"req\",\"method\":\"m\",\"payload\":" + "[".repeat(2000) + "]".repeat(2000)
                + "}",
    };

    /** Frames that are valid Duplex but route nowhere or arrive out of order. */
    private static final String[] STRAY = {
        "{\"type\":\"rep\",\"id\":%d,\"payload\":1}",
        "{\"type\":\"rep\",\"id\":%d,\"payload\":1,\"more\":true}",
        "{\"type\":\"rep\",\"id\":%d,\"error\":{\"code\":500,\"message\":\"x\"}}",
        "{\"type\":\"req\",\"id\":%d,\"method\":\"nothing\",\"ext\":{\"route\":\"c%<d\"}}",
        "{\"type\":\"req\",\"id\":%d,\"method\":\"noroute\"}",
        "{\"type\":\"req\",\"method\":\"notice\",\"ext\":{\"route\":\"zz%d\"}}",
        "{\"type\":\"req\",\"method\":\"huge%d\",\"payload\":1e999999999}",
    };

    @Test
    void aWellBehavedClientSeesEveryReplyWhileOthersMisbehave() throws Exception {
        try (GatewayServer server = GatewayServer.start();
                DuplexPeer service = DuplexPeer.connect(server.backendUri("/good", "s"),
                        PeerOptions.defaults(), peer -> peer.function("echo", p -> p));
                DuplexPeer good = DuplexPeer.connect(server.clientUri("/good", "s"));
                RawSocket hostileBackend = RawSocket.handshaken(
                        server.backendUri("/hostile", "h"))) {
            AtomicBoolean misbehaving = new AtomicBoolean(true);
            CompletableFuture<Integer> goodCalls = CompletableFuture.supplyAsync(
                    () -> callUntil(good, misbehaving));

            int invalidClients = misbehaveAsClients(server);
            misbehaveAsBackend(hostileBackend);
            strayFromAClient(server);
            misbehaving.set(false);

            assertThat(goodCalls.get(60, TimeUnit.SECONDS)).isPositive();
            assertThat(invalidClients).isEqualTo(INVALID.length * 20);
            assertThat(hostileBackend.isClosed()).isFalse();
            Await.until("the gateway's maps to empty",
                    () -> server.gateway().stats().openChannels() == 0
                            && server.gateway().stats().clients() == 1);
        }
    }

    /** Calls echo in turn, checking each reply, until told to stop; returns the count. */
    private static int callUntil(DuplexPeer client, AtomicBoolean going) {
        int calls = 0;
        while (going.get() || calls < 10) {
            JsonValue sent = Json.createValue(calls);
            JsonValue answer = client.call("echo", sent).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(answer).isEqualTo(sent);
            calls++;
        }
        return calls;
    }

    /** Opens a client per invalid frame, 20 rounds; each must be closed with 1007. */
    private static int misbehaveAsClients(GatewayServer server) {
        int closed = 0;
        for (int round = 0; round < 20; round++) {
            List<RawSocket> sockets = new ArrayList<>();
            for (String frame : INVALID) {
                RawSocket socket = RawSocket.handshaken(server.clientUri("/good", "s"));
                socket.send(frame.isEmpty() ? "{\"type\":\"req\",\"id\":0.5,\"method\":\"m\"}"
                        : frame);
                sockets.add(socket);
            }
            for (RawSocket socket : sockets) {
                if (socket.closeStatus().code() == 1007) {
                    closed++;
                }
            }
        }
        return closed;
    }

    /** Thousands of invalid and stray frames from a backend; it must stay connected. */
    private static void misbehaveAsBackend(RawSocket backend) {
        for (int i = 0; i < 2000; i++) {
            String invalid = INVALID[i % INVALID.length];
            backend.send(invalid.isEmpty() ? "x" : invalid);
            backend.send(String.format(STRAY[i % STRAY.length], i + 1));
        }
        while (backend.poll(java.time.Duration.ofMillis(200)) != null) {
            // The gateway answers the backend's unroutable calls with 400 and 404 errors.
        }
    }

    /** A connected client sending stray replies and half-open streams, then leaving. */
    private static void strayFromAClient(GatewayServer server) {
        try (RawSocket stray = RawSocket.handshaken(server.clientUri("/good", "s"))) {
            for (int i = 1; i <= 1000; i++) {
                stray.send(String.format(STRAY[i % 3], i));
                stray.send(String.format(STRAY[STRAY.length - 1], i));
                stray.send("{\"type\":\"req\",\"id\":" + (1_000_000 + i)
                        + ",\"method\":\"echo\",\"payload\":1,\"more\":true}");
            }
            AtomicInteger answered = new AtomicInteger();
            while (stray.poll(java.time.Duration.ofMillis(300)) != null) {
                answered.incrementAndGet();
            }
            assertThat(stray.isClosed()).isFalse();
        }
    }
}
