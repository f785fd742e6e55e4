package dev.duplex.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.gateway.routing.RoutingTest;
import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.testing.Await;
import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import dev.duplex.testing.TestService;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API against the real gateway and a real backend written with the Java peer. */
class HttpApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final AtomicInteger hanging = new AtomicInteger();
    private final List<JsonValue> notices = new ArrayList<>();
    private final CountDownLatch noticed = new CountDownLatch(1);
    private GatewayServer server;
    private DuplexPeer backend;

    @BeforeEach
    void publish() {
        server = GatewayServer.start(Map.of("CORS_ORIGINS", "https://app.example"));
        backend = DuplexPeer.connect(server.backendUri("/api/v1", "pw"), PeerOptions.defaults(),
                HttpApiTest::offer);
        backend.register("hang", call -> hanging.incrementAndGet());
        backend.register("note", call -> {
            notices.add(call.payload());
            noticed.countDown();
        });
    }

    private static void offer(DuplexPeer peer) {
        TestService.offer(peer);
        peer.register("fail", call -> call.fail(((JsonNumber) call.payload()).intValue(), "nope"));
        peer.register("streamThenFail", call -> {
            call.send(Json.createValue("first"));
            call.fail(409, "conflict after the first");
        });
        peer.register("endless", call -> {
            for (int i = 0; i < 200 && !Thread.currentThread().isInterrupted(); i++) {
                call.send(Json.createValue(i));
                Thread.sleep(20);
            }
            call.reply(JsonValue.NULL);
        });
    }

    @AfterEach
    void stop() {
        backend.close();
        server.close();
    }

    @Test
    void callsAMethodAndAnswersItsReplyAsJson() {
        HttpResponse<String> response = post("/api/v1/echo?secret=pw", "{\"a\":[1,2]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
        assertThat(response.body()).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void takesTheSecretAsBearerToken() {
        HttpResponse<String> response = send(request("/api/v1/echo")
                .header("Authorization", "Bearer pw")
                .POST(HttpRequest.BodyPublishers.ofString("3")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("3");
    }

    @Test
    void readsTheBodyAsJsonWhateverContentTypeCurlLabelsItWith() {
        HttpResponse<String> response = send(request("/api/v1/echo?secret=pw")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("\"Ada\"")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"Ada\"");
    }

    @Test
    void sendsAnEmptyBodyAsNull() {
        HttpResponse<String> response = post("/api/v1/echo?secret=pw", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("null");
    }

    @Test
    void streamsRepliesAsNdjson() {
        HttpResponse<String> response = post("/api/v1/count?secret=pw", "3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/x-ndjson");
        assertThat(response.body()).isEqualTo("1\n2\n3\n");
    }

    @Test
    void streamsRepliesAsServerSentEventsWhenAsked() {
        HttpResponse<String> response = send(request("/api/v1/count?secret=pw")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("2")));

        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/event-stream");
        assertThat(response.body()).isEqualTo("data: 1\n\ndata: 2\n\n");
    }

    @Test
    void keepsEachStreamedPayloadOnOneLineWhenTheBackendPrettyPrints() throws Exception {
        try (RawSocket pretty = RawSocket.handshaken(server.backendUri("/pretty", "pw"))) {
            CompletableFuture<HttpResponse<String>> ndjson = postAsync("/pretty/m?secret=pw", "1");
            String id = RoutingTest.json(pretty.next()).getJsonNumber("id").toString();
            pretty.send("{\"type\":\"rep\",\"id\":" + id + ",\"more\":true,"
                    + "\"payload\":{\n  \"a\": 1,\r\n  \"b\": \"x\"\n}}");
            pretty.send("{\"type\":\"rep\",\"id\":" + id + ",\"payload\":[\n2\n]}");

            assertThat(ndjson.get(10, TimeUnit.SECONDS).body())
                    .isEqualTo("{\"a\":1,\"b\":\"x\"}\n[2]\n");
        }
    }

    @Test
    void refusesABodyThatIsNotJsonWith400() {
        HttpResponse<String> response = post("/api/v1/echo?secret=pw", "{oops");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not JSON").contains("one JSON value");
    }

    @Test
    void refusesABodyOverTheMessageLimitWith413WithOrWithoutContentLength() {
        try (GatewayServer limited = GatewayServer.start(Map.of("MAX_MESSAGE_BYTES", "1000"));
                DuplexPeer echo = DuplexPeer.connect(limited.backendUri("/small", "pw"),
                        PeerOptions.defaults(), TestService::offer)) {
            Await.until("the backend to be online", () -> post(limited, "1", true) == 200);
            String fits = "\"" + "a".repeat(998) + "\"";
            String over = "\"" + "b".repeat(999) + "\"";

            assertThat(post(limited, fits, true)).isEqualTo(200);
            assertThat(post(limited, fits, false)).isEqualTo(200);
            assertThat(post(limited, over, true)).isEqualTo(413);
            assertThat(post(limited, over, false)).isEqualTo(413);
            assertThat(post(limited, "\"" + "c".repeat(50_000) + "\"", false)).isEqualTo(413);
            assertThat(statusOfAnnouncedBody(limited, 5000)).isEqualTo(413);
        }
    }

    /**
     * The status of a call that announces a body of {@code length} bytes and sends none: a
     * length over the limit is refused before the body comes.
     */
    private static int statusOfAnnouncedBody(GatewayServer gateway, int length) {
        URI uri = gateway.http("/small/echo?secret=pw");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + uri.getRawPath() + "?"
                    + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                    + "\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesABodyTooDeepToFitInAMessageWith400() {
        String deep = "[".repeat(999) + "]".repeat(999);

        HttpResponse<String> refused = post("/api/v1/echo?secret=pw", deep);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("depth");
        assertThat(post("/api/v1/echo?secret=pw", "[[[1]]]").body()).isEqualTo("[[[1]]]");
    }

    /** The status of an echo call with this body, sent with a Content-Length or chunked. */
    private static int post(GatewayServer gateway, String body, boolean withLength) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = withLength
                ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(bytes));
        return send(HttpRequest.newBuilder(gateway.http("/small/echo?secret=pw"))
                .timeout(Duration.ofSeconds(20)).POST(publisher)).statusCode();
    }

    @Test
    void answers404ForAnUnknownEndpointAnd401ForAWrongSecret() {
        assertThat(post("/nowhere/echo?secret=pw", "1").statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/echo?secret=wrong", "1").statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/echo", "1").statusCode()).isEqualTo(401);
    }

    @Test
    void answers501ForAMethodTheBackendDoesNotHave() {
        HttpResponse<String> response = post("/api/v1/missing?secret=pw", "1");

        assertThat(response.statusCode()).isEqualTo(501);
        assertThat(response.body()).contains("\"code\":-32601");
        assertThat(post("/api/v1/fail?secret=pw", "501").statusCode()).isEqualTo(501);
    }

    @Test
    void passesTheBackendsErrorCodesOnWithTheErrorAsJson() {
        HttpResponse<String> teapot = post("/api/v1/fail?secret=pw", "418");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.body()).isEqualTo("{\"error\":{\"code\":418,\"message\":\"nope\"}}");

        assertThat(post("/api/v1/fail?secret=pw", "7").statusCode()).isEqualTo(500);
        assertThat(post("/api/v1/fail?secret=pw", "-32000").statusCode()).isEqualTo(500);
    }

    @Test
    void answers503WhenNoBackendIsOnline() {
        backend.close();
        awaitBackends(0);

        HttpResponse<String> response = post("/api/v1/echo?secret=pw", "1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("backend unavailable");
        assertThat(post("/api/v1/note?secret=pw&async=true", "1").statusCode()).isEqualTo(503);
    }

    @Test
    void answers503WhenTheBackendLeavesBeforeAnswering() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = postAsync("/api/v1/hang?secret=pw", "1");
        awaitHanging(1);

        backend.close();

        assertThat(pending.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }

    @Test
    void endsAStreamWithAnErrorLineWhenTheBackendFailsAfterItBegan() {
        HttpResponse<String> response = post("/api/v1/streamThenFail?secret=pw", "null");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("\"first\"\n"
                + "{\"error\":{\"code\":409,\"message\":\"conflict after the first\"}}\n");
    }

    @Test
    void sendsAsyncCallsWithoutIdAndAnswers202AtOnce() throws Exception {
        HttpResponse<String> response = post("/api/v1/note?secret=pw&async=true", "{\"n\":1}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(noticed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(notices).containsExactly(Json.createObjectBuilder().add("n", 1).build());
    }

    @Test
    void keepsMoreCallsPendingThanTheServerHasThreadsAndStillAnswersOthers() throws Exception {
        int pendingCalls = 260;
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < pendingCalls; i++) {
            pending.add(postAsync("/api/v1/hang?secret=pw", "1"));
        }
        awaitHanging(pendingCalls);

        HttpResponse<String> other = post("/api/v1/echo?secret=pw", "\"still here\"");

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("\"still here\"");
        assertThat(pending).noneMatch(CompletableFuture::isDone);
        pending.forEach(call -> call.cancel(true));
    }

    @Test
    void answers504WhenTheCallersTimeoutRunsOut() {
        HttpResponse<String> response = post("/api/v1/hang?secret=pw&timeout=200", "1");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"code\":504");
        awaitOpenChannels(0);
    }

    @Test
    void appliesTheConfiguredDefaultTimeout() {
        try (GatewayServer limited = GatewayServer.start(Map.of("CALL_TIMEOUT_MS", "200"));
                DuplexPeer slow = DuplexPeer.connect(limited.backendUri("/slow", "pw"),
                        PeerOptions.defaults(), peer -> peer.register("hang", call -> { }))) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    limited.http("/slow/hang?secret=pw"))
                    .POST(HttpRequest.BodyPublishers.ofString("1")));

            assertThat(response.statusCode()).isEqualTo(504);
        }
    }

    @Test
    void forgetsACallWhoseCallerHungUp() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/endless?secret=pw HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 4\r\n\r\nnull").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 200");
        }

        awaitOpenChannels(0);
    }

    @Test
    void answersCorsPreflightsForConfiguredOriginsOnly() {
        HttpResponse<String> allowed = send(request("/api/v1/echo")
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://app.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .contains("POST");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .containsIgnoringCase("authorization");

        HttpResponse<String> refused = send(request("/api/v1/echo")
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void letsAnAllowedOriginReadTheAnswer() {
        HttpResponse<String> response = send(request("/api/v1/echo?secret=pw")
                .header("Origin", "https://app.example")
                .POST(HttpRequest.BodyPublishers.ofString("1")));

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://app.example");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(server.http(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> post(String pathAndQuery, String body) {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String pathAndQuery, String body) {
        URI uri = server.http(pathAndQuery);
        return HTTP.sendAsync(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void awaitHanging(int count) {
        Await.until("backend to receive " + count + " calls", () -> hanging.get() >= count);
    }

    private void awaitBackends(int count) {
        Await.until(count + " backends", () -> server.gateway().stats().backends() == count);
    }

    private void awaitOpenChannels(int count) {
        Await.until(count + " open channels",
                () -> server.gateway().stats().openChannels() == count);
    }
}
