package dev.duplex.peer;

import static dev.duplex.peer.Fixtures.await;
import static dev.duplex.peer.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.duplex.protocol.Handshake;
import jakarta.json.Json;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opening a connection: the upgrade, the handshake, and the options that shape them. */
class ConnectTest {

    private ScriptedServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void sendsTheHelloAndConnectsOnOk() throws Exception {
        CompletableFuture<DuplexPeer> connecting = connectInBackground(PeerOptions.defaults());
        ScriptedSide side = server.nextSide();

        assertThat(side.next()).isEqualTo(Handshake.HELLO);
        assertThat(connecting).isNotDone();
        side.sendRaw(Handshake.ACCEPTED);
        try (DuplexPeer peer = await(connecting)) {
            assertThat(peer.isOpen()).isTrue();
        }
    }

    @Test
    void sendsTheHeadersOfTheOptions() throws Exception {
        PeerOptions options = PeerOptions.defaults().withHeader("Authorization", "Bearer s3");

        try (DuplexPeer peer = server.connectPeer(options).peer()) {
            assertThat(server.nextUpgradeHeaders().get("authorization"))
                    .containsExactly("Bearer s3");
        }
    }

    @Test
    void refusedUpgradeCarriesTheHttpStatus() {
        DuplexException failure = catchThrowableOfType(DuplexException.class,
                () -> DuplexPeer.connect(server.uri("/refused")));

        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.code()).isEqualTo(401);
        assertThat(failure.getMessage()).endsWith("with HTTP 401: invalid secret");
    }

    @Test
    void handshakeRefusalCarriesTheReason() throws Exception {
        CompletableFuture<DuplexPeer> connecting = connectInBackground(PeerOptions.defaults());
        ScriptedSide side = server.nextSide();

        side.next();
        side.sendRaw("-unsupported codec json2");
        DuplexException failure = Fixtures.failureOf(connecting);
        assertThat(failure.getMessage()).isEqualTo("unsupported codec json2");
        assertThat(failure.code()).isEqualTo(DuplexException.HANDSHAKE_REFUSED);
        assertThat(side.closeReason()).isNotNull();
    }

    @Test
    void givesUpWhenTheHandshakeIsNotAnswered() throws Exception {
        PeerOptions options = PeerOptions.defaults().withConnectTimeout(Duration.ofMillis(300));
        CompletableFuture<DuplexPeer> connecting = connectInBackground(options);
        ScriptedSide side = server.nextSide();

        side.next();
        assertThat(Fixtures.failureOf(connecting).code()).isEqualTo(DuplexException.TIMEOUT);
        assertThat(side.closeReason()).isNotNull();
    }

    @Test
    void handlersRegisteredInSetupAnswerTheFirstRequest() throws Exception {
        CompletableFuture<DuplexPeer> connecting = CompletableFuture.supplyAsync(
                () -> DuplexPeer.connect(server.uri(), PeerOptions.defaults(),
                        peer -> peer.function("echo", payload -> payload)));
        ScriptedSide side = server.nextSide();

        side.acceptHandshake();
        side.send("{'type':'req','id':1,'method':'echo','payload':'first'}");
        side.expect("{'type':'rep','id':1,'payload':'first'}");
        await(connecting).close();
    }

    @Test
    void requestsMadeInSetupWaitForTheHandshake() throws Exception {
        CompletableFuture<CompletableFuture<?>> early = new CompletableFuture<>();
        CompletableFuture<DuplexPeer> connecting = CompletableFuture.supplyAsync(
                () -> DuplexPeer.connect(server.uri(), PeerOptions.defaults(),
                        peer -> early.complete(peer.call("early", null))));
        ScriptedSide side = server.nextSide();

        side.acceptHandshake();
        side.expect("{'type':'req','id':1,'method':'early'}");
        side.send("{'type':'rep','id':1,'payload':true}");
        assertThat(await(await(early))).isEqualTo(json("true"));
        await(connecting).close();
    }

    @Test
    void runsHandlersOnTheExecutorOfTheOptions() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(
                task -> new Thread(task, "custom-handler"));
        PeerOptions options = PeerOptions.defaults().withExecutor(executor);

        ScriptedServer.Connected connected = server.connectPeer(options);
        try (DuplexPeer peer = connected.peer()) {
            peer.function("thread", payload -> Json.createValue(Thread.currentThread().getName()));
            connected.side().send("{'type':'req','id':1,'method':'thread'}");
            connected.side().expect("{'type':'rep','id':1,'payload':'custom-handler'}");
        } finally {
            executor.shutdownNow();
        }
    }

    private CompletableFuture<DuplexPeer> connectInBackground(PeerOptions options) {
        return CompletableFuture.supplyAsync(() -> DuplexPeer.connect(server.uri(), options));
    }
}
