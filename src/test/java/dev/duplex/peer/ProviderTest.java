package dev.duplex.peer;

import static dev.duplex.peer.Fixtures.await;
import static dev.duplex.peer.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer as provider: requests shaped like the Go, Python and JS peers', and its answers. */
class ProviderTest {

    private ScriptedServer server;
    private DuplexPeer peer;
    private ScriptedSide side;

    @BeforeEach
    void connect() throws Exception {
        server = new ScriptedServer();
        ScriptedServer.Connected connected = server.connectPeer(PeerOptions.defaults());
        peer = connected.peer();
        side = connected.side();
        peer.function("echo", payload -> payload);
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
        server.close();
    }

    @Test
    void answersWithTheFunctionsResult() throws Exception {
        side.send("{'method':'echo','type':'req','payload':{'x':1},'id':3}");

        side.expect("{'type':'rep','id':3,'payload':{'x':1}}");
    }

    @Test
    void copiesTheRequestsExtOntoItsReplies() throws Exception {
        peer.function("double", payload -> Json.createValue(((JsonNumber) payload).intValue() * 2));

        side.send("{'ext':{'route':'c7','trace':'t1'},'payload':2,'id':4,'method':'double',"
                + "'type':'req'}");
        side.expect("{'type':'rep','id':4,'payload':4,'ext':{'route':'c7','trace':'t1'}}");
    }

    @Test
    void handlersSeeAnAbsentPayloadAsJsonNull() throws Exception {
        peer.register("kind", call -> call.reply(
                Json.createValue(call.payload().getValueType().name())));

        side.send("{'type':'req','id':8,'method':'kind'}");
        side.expect("{'type':'rep','id':8,'payload':'NULL'}");
    }

    @Test
    void answersAnUnknownMethodWithMethodNotFound() throws Exception {
        side.send("{'type':'req','id':4,'method':'nope'}");

        side.expect("{'type':'rep','id':4,'error':{'code':-32601,"
                + "'message':'method not found: nope'}}");
    }

    @Test
    void answersNothingToAnUnknownMethodCalledWithoutId() throws Exception {
        side.send("{'type':'req','method':'nope','payload':1}");
        side.send("{'type':'req','method':'echo','id':5,'payload':'after'}");

        side.expect("{'type':'rep','id':5,'payload':'after'}");
    }

    @Test
    void answersADuplexExceptionWithItsCodeMessageAndData() throws Exception {
        peer.register("reserve", call -> {
            throw new DuplexException(409, "seat taken", json("{'seat':'12A'}"));
        });

        side.send("{'type':'req','id':6,'method':'reserve'}");
        side.expect("{'type':'rep','id':6,'error':{'code':409,'message':'seat taken',"
                + "'data':{'seat':'12A'}}}");
    }

    @Test
    void answersAnyOtherExceptionWithAGeneric500() throws Exception {
        peer.function("leak", payload -> {
            throw new IllegalStateException("password hunter2 rejected");
        });

        side.send("{'type':'req','id':7,'method':'leak','ext':{'route':'r1'}}");
        side.expect("{'type':'rep','id':7,'error':{'code':500,'message':'internal error'},"
                + "'ext':{'route':'r1'}}");
    }

    @Test
    void streamsRepliesWithMoreOnAllButTheLast() throws Exception {
        peer.register("count", call -> {
            call.send(json("1"));
            call.send(json("2"));
            call.reply(json("3"));
        });

        side.send("{'type':'req','id':2,'method':'count'}");
        side.expect("{'type':'rep','id':2,'payload':1,'more':true}");
        side.expect("{'type':'rep','id':2,'payload':2,'more':true}");
        side.expect("{'type':'rep','id':2,'payload':3}");
    }

    @Test
    void takesStreamedRequestsInOrder() throws Exception {
        peer.register("sum", call -> {
            int[] total = {((JsonNumber) call.payload()).intValue()};
            call.onRequest(next -> total[0] += ((JsonNumber) next).intValue(),
                    () -> call.reply(Json.createValue(total[0])));
        });

        side.send("{'type':'req','id':5,'method':'sum','payload':1,'more':true}");
        side.send("{'more':true,'payload':20,'method':'sum','id':5,'type':'req'}");
        side.send("{'payload':300,'id':5,'type':'req','method':'sum'}");
        side.expect("{'type':'rep','id':5,'payload':321}");
    }

    @Test
    void runsNotificationsWithoutSendingAnswers() throws Exception {
        BlockingQueue<JsonValue> logged = new LinkedBlockingQueue<>();
        peer.register("log", call -> {
            call.reply(json("'nobody reads this'"));
            logged.add(call.payload());
        });

        side.send("{'payload':'hi','method':'log','type':'req'}");
        assertThat(logged.poll(ScriptedServer.WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo(json("'hi'"));
        side.send("{'type':'req','id':9,'method':'echo','payload':'next'}");
        side.expect("{'type':'rep','id':9,'payload':'next'}");
    }

    @Test
    void theOtherSideCallsARegisteredCallbackBack() throws Exception {
        String callback = peer.registerCallback(call -> call.reply(json("'ack'")));
        CompletableFuture<JsonValue> subscribed = peer.call("subscribe",
                Json.createObjectBuilder().add("callback", callback).build());

        assertThat(callback).isEqualTo("callback.1");
        side.expect("{'type':'req','id':1,'method':'subscribe',"
                + "'payload':{'callback':'callback.1'}}");

        // The other side numbers its own requests: its id 1 is not this peer's id 1.
        side.send("{'method':'callback.1','id':1,'payload':'tick','type':'req'}");
        side.expect("{'type':'rep','id':1,'payload':'ack'}");
        side.send("{'type':'rep','id':1,'payload':'subscribed'}");
        assertThat(await(subscribed)).isEqualTo(json("'subscribed'"));
    }

    @Test
    void callsBackFromAHandlerWithTheRequestsExt() throws Exception {
        peer.register("subscribe", call -> {
            String callback = call.payload().asJsonObject().getString("callback");
            JsonValue answer = call.call(callback, json("'tick'"))
                    .get(ScriptedServer.WAIT_SECONDS, TimeUnit.SECONDS);
            call.reply(answer);
        });

        side.send("{'type':'req','id':7,'method':'subscribe','payload':{'callback':'cb.3'},"
                + "'ext':{'route':'k1'}}");
        side.expect("{'type':'req','id':1,'method':'cb.3','payload':'tick','ext':{'route':'k1'}}");
        side.send("{'type':'rep','id':1,'payload':'ack','ext':{'route':'k1'}}");
        side.expect("{'type':'rep','id':7,'payload':'ack','ext':{'route':'k1'}}");
    }

    @Test
    void refusesASecondLastReply() throws Exception {
        BlockingQueue<Throwable> refusals = new LinkedBlockingQueue<>();
        peer.register("twice", call -> {
            call.reply(json("1"));
            try {
                call.reply(json("2"));
            } catch (IllegalStateException e) {
                refusals.add(e);
            }
        });

        side.send("{'type':'req','id':3,'method':'twice'}");
        side.expect("{'type':'rep','id':3,'payload':1}");
        assertThat(refusals.poll(ScriptedServer.WAIT_SECONDS, TimeUnit.SECONDS)).isNotNull();
        side.expectSilence(Duration.ofMillis(200));
    }
}
