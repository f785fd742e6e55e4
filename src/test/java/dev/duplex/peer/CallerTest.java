package dev.duplex.peer;

import static dev.duplex.peer.Fixtures.await;
import static dev.duplex.peer.Fixtures.failureOf;
import static dev.duplex.peer.Fixtures.json;
import static dev.duplex.peer.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer as caller: its requests, as the other side sees them, and how replies end them. */
class CallerTest {

    private ScriptedServer server;
    private DuplexPeer peer;
    private ScriptedSide side;

    @BeforeEach
    void connect() throws Exception {
        server = new ScriptedServer();
        ScriptedServer.Connected connected = server.connectPeer(PeerOptions.defaults());
        peer = connected.peer();
        side = connected.side();
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
        server.close();
    }

    @Test
    void callCompletesWithTheReplyPayload() throws Exception {
        CompletableFuture<JsonValue> sum = peer.call("add", json("{'a':2,'b':3}"));

        side.expect("{'type':'req','id':1,'method':'add','payload':{'a':2,'b':3}}");
        side.send("{'id':1,'type':'rep','payload':5}");
        assertThat(await(sum)).isEqualTo(json("5"));
    }

    @Test
    void numbersRequestsFromOneAndSendsNoPayloadForNull() throws Exception {
        CompletableFuture<JsonValue> first = peer.call("time", null);
        CompletableFuture<JsonValue> second = peer.call("time", JsonValue.NULL);

        side.expect("{'type':'req','id':1,'method':'time'}");
        side.expect("{'type':'req','id':2,'method':'time','payload':null}");
        side.send("{'type':'rep','id':2}");
        side.send("{'type':'rep','id':1,'payload':'noon'}");
        assertThat(await(second)).isEqualTo(JsonValue.NULL);
        assertThat(await(first)).isEqualTo(json("'noon'"));
    }

    @Test
    void errorReplyFailsTheCallWithItsCodeMessageAndData() throws Exception {
        CompletableFuture<JsonValue> call = peer.call("nope", null);

        side.expect("{'type':'req','id':1,'method':'nope'}");
        side.send("{'type':'rep','id':1,'error':{'code':-32601,'message':'method not found: nope',"
                + "'data':{'hint':'echo'}}}");
        DuplexException failure = failureOf(call);
        assertThat(failure.code()).isEqualTo(-32601);
        assertThat(failure.getMessage()).isEqualTo("method not found: nope");
        assertThat(failure.data()).isEqualTo(json("{'hint':'echo'}"));
        assertThat(failure.httpStatus()).isZero();
        assertThat(call.handle((value, error) -> error).get(1, TimeUnit.SECONDS))
                .as("the exception stages see").isSameAs(failure);
    }

    @Test
    void streamCollectsEveryReplyUntilTheLast() throws Exception {
        CompletableFuture<List<JsonValue>> replies = peer.stream("count", json("3"));
        CompletableFuture<JsonValue> last = peer.call("count", json("2"));

        side.expect("{'type':'req','id':1,'method':'count','payload':3}");
        side.expect("{'type':'req','id':2,'method':'count','payload':2}");
        side.send("{'type':'rep','id':1,'payload':1,'more':true}");
        side.send("{'more':true,'payload':1,'id':2,'type':'rep'}");
        side.send("{'more':true,'payload':2,'id':1,'type':'rep'}");
        side.send("{'payload':2,'type':'rep','id':2}");
        side.send("{'payload':3,'type':'rep','id':1}");
        assertThat(await(replies)).containsExactly(json("1"), json("2"), json("3"));
        assertThat(await(last)).isEqualTo(json("2"));
    }

    @Test
    void channelStreamsRequestsAndReplies() throws Exception {
        List<JsonValue> progress = new CopyOnWriteArrayList<>();
        Channel upload = peer.open("upload").onReply(progress::add);

        upload.send(json("'a'")).send(json("'b'")).sendLast(json("'c'"));
        side.expect("{'type':'req','id':1,'method':'upload','payload':'a','more':true}");
        side.expect("{'type':'req','id':1,'method':'upload','payload':'b','more':true}");
        side.expect("{'type':'req','id':1,'method':'upload','payload':'c'}");
        side.send("{'type':'rep','id':1,'payload':1,'more':true}");
        side.send("{'type':'rep','payload':3,'id':1}");
        await(upload.done());
        assertThat(progress).containsExactly(json("1"), json("3"));
    }

    @Test
    void channelEndsWithAnErrorReply() throws Exception {
        Channel upload = peer.open("upload");

        upload.send(json("1"));
        side.expect("{'type':'req','id':1,'method':'upload','payload':1,'more':true}");
        side.send("{'type':'rep','id':1,'error':{'message':'disk full','code':507}}");
        assertThat(failureOf(upload.done()).code()).isEqualTo(507);
    }

    @Test
    void notifySendsARequestWithoutId() throws Exception {
        peer.notify("log", json("'hi'"));

        side.expect("{'type':'req','method':'log','payload':'hi'}");
    }

    @Test
    void readsAReplySentInFragments() throws Exception {
        CompletableFuture<JsonValue> call = peer.call("big", null);

        side.expect("{'type':'req','id':1,'method':'big'}");
        side.sendFragmented("{'type':'rep','id':1,'payload':'joined again'}", 5, 20);
        assertThat(await(call)).isEqualTo(json("'joined again'"));
    }

    @Test
    void ignoresFramesItCannotDecodeAndRepliesNobodyAwaits() throws Exception {
        CompletableFuture<JsonValue> call = peer.call("echo", json("1"));

        side.expect("{'type':'req','id':1,'method':'echo','payload':1}");
        side.sendRaw("not json");
        side.send("{'type':'rep','payload':1}");
        side.send("{'type':'rep','id':99,'payload':1}");
        side.send("{'type':'rep','id':1,'payload':'still here'}");
        assertThat(await(call)).isEqualTo(json("'still here'"));
    }

    @Test
    void pendingCallsFailWhenTheOtherSideCloses() throws Exception {
        CompletableFuture<JsonValue> pending = peer.call("slow", null);
        side.expect("{'type':'req','id':1,'method':'slow'}");

        side.close(1001, "going away");
        DuplexException failure = failureOf(pending);
        assertThat(failure.code()).isEqualTo(DuplexException.CONNECTION_CLOSED);
        assertThat(failure.getMessage()).isEqualTo("connection closed");
        assertThat(await(peer.closed())).isEqualTo(new CloseStatus(1001, "going away"));
        assertThat(failureOf(peer.call("late", null)).code()).isEqualTo(503);
    }

    @Test
    void closeFailsPendingCallsAndClosesNormally() throws Exception {
        CompletableFuture<JsonValue> pending = peer.call("slow", null);
        side.expect("{'type':'req','id':1,'method':'slow'}");

        peer.close();
        assertThat(failureOf(pending).code()).isEqualTo(503);
        assertThat(side.closeReason().getCloseCode().getCode()).isEqualTo(1000);
        assertThat(await(peer.closed()).code()).isEqualTo(1000);
    }

    @Test
    void concurrentCallsFromManyThreadsAllComplete() throws Exception {
        int threads = 8;
        int callsPerThread = 50;
        CompletableFuture<Set<Long>> ids = CompletableFuture.supplyAsync(
                () -> echo(threads * callsPerThread));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Integer, CompletableFuture<JsonValue>> calls = new ConcurrentHashMap<>();
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * 1000;
            callers.add(pool.submit(() -> {
                for (int i = 0; i < callsPerThread; i++) {
                    calls.put(base + i, peer.call("echo", Json.createValue(base + i)));
                }
            }));
        }
        for (Future<?> caller : callers) {
            caller.get(ScriptedServer.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        pool.shutdown();

        for (Map.Entry<Integer, CompletableFuture<JsonValue>> call : calls.entrySet()) {
            assertThat(await(call.getValue())).isEqualTo(Json.createValue(call.getKey()));
        }
        assertThat(calls).hasSize(threads * callsPerThread);
        assertThat(await(ids)).hasSize(threads * callsPerThread)
                .allMatch(id -> id >= 1 && id <= threads * callsPerThread);
    }

    /** Plays an echo service for {@code count} requests and returns the ids it saw. */
    private Set<Long> echo(int count) {
        Set<Long> ids = new HashSet<>();
        try {
            for (int i = 0; i < count; i++) {
                JsonObject request = parse(side.next()).asJsonObject();
                long id = request.getJsonNumber("id").longValue();
                ids.add(id);
                side.sendRaw(Json.createObjectBuilder().add("type", "rep").add("id", id)
                        .add("payload", request.get("payload")).build().toString());
            }
        } catch (Exception e) {
            throw new IllegalStateException("the echo side failed", e);
        }
        return ids;
    }
}
