package dev.duplex.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.peer.Call;
import dev.duplex.peer.DuplexException;
import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.PeerOptions;
import dev.duplex.peer.example.GreeterService;
import dev.duplex.testing.Chromium;
import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.PageServer;
import dev.duplex.testing.TestService;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The browser client in a real Chromium, on a page of another origin that imports it from the
 * gateway, against the real gateway and a backend written with the Java peer.
 */
class BrowserClientTest {

    private static final String ENDPOINT = "/shop";
    private static final String SECRET = "browser-secret";

    private static PageServer pages;
    private static GatewayServer server;
    private static DuplexPeer backend;
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        pages = PageServer.start();
        // A short grace period lets the reconnection test see an endpoint go away.
        server = GatewayServer.start(Map.of("CORS_ORIGINS", pages.origin(), "GRACE_SECONDS", "1"));
        pages.useGateway("http://127.0.0.1:" + server.port());
        backend = publish(ENDPOINT, SECRET);
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {chromium, backend, server, pages}) {
            closeQuietly(running);
        }
    }

    @BeforeEach
    void openPage() {
        chromium.open(pages.page("client.html"));
    }

    @Test
    void connectsOverWebSocketAndCallsAMethod() {
        assertThat(chromium.run("call", ENDPOINT, SECRET))
                .isEqualTo(Map.of("hello", "browser", "list", List.of(1L, 2L)));
    }

    @Test
    void receivesAStreamedReplyByIteratingOverIt() {
        assertThat(chromium.run("stream", ENDPOINT, SECRET)).isEqualTo(List.of(1L, 2L, 3L, 4L));
    }

    @Test
    void streamsRequestsWhileTakingStreamedReplies() {
        assertThat(chromium.run("upload", ENDPOINT, SECRET)).isEqualTo(Map.of(
                "last", 6L,
                "replies", List.of(Map.of("total", 1L, "more", true),
                        Map.of("total", 3L, "more", true),
                        Map.of("total", 6L, "more", true),
                        Map.of("total", 6L, "more", false))));
    }

    @Test
    void answersACallbackTheBackendCallsWithTheExtItGot() {
        assertThat(chromium.run("callback", ENDPOINT, SECRET)).isEqualTo(Map.of(
                "answer", "noted",
                "heard", List.of("reminder: tea")));
    }

    @Test
    void answersItsRegisteredMethodsAndUnknownOnesWithMethodNotFound() {
        assertThat(chromium.run("registered", ENDPOINT, SECRET)).isEqualTo(Map.of(
                "known", Map.of("answer", "a browser"),
                "refused", Map.of("code", 409L, "message", "not today"),
                "unknown", Map.of("code", -32601L, "message", "method not found: noSuchMethod")));
    }

    @Test
    void rejectsACallWithTheBackendsErrorReply() {
        assertThat(chromium.run("failure", ENDPOINT, SECRET)).isEqualTo(Map.of(
                "name", "DuplexError", "code", 418L, "message", "teapot"));
    }

    @Test
    void callsTheHttpApiWithFetchThroughCors() {
        assertThat(chromium.run("http", ENDPOINT, SECRET)).isEqualTo(Map.of(
                "status", 200L, "body", Map.of("via", "fetch")));
    }

    @Test
    void showsInvalidSecretWhenTheSecretIsWrong() {
        assertThat(chromium.run("refusal", ENDPOINT, "wrong")).isEqualTo(Map.of(
                "name", "DuplexError", "message", "invalid secret", "status", 401L));
        assertThat(chromium.driver().findElement(By.id("shown")).getText())
                .isEqualTo("invalid secret");
    }

    @Test
    void showsEndpointNotFoundForAnUnknownEndpoint() {
        assertThat(chromium.run("refusal", "/nowhere", SECRET)).isEqualTo(Map.of(
                "name", "DuplexError", "message", "endpoint not found", "status", 404L));
        assertThat(chromium.driver().findElement(By.id("shown")).getText())
                .isEqualTo("endpoint not found");
    }

    @Test
    void reconnectsAndSendsTheCallsMadeWhileDisconnected() {
        DuplexPeer leaving = publish("/restarting", SECRET);
        assertThat(chromium.run("stayConnected", "/restarting", SECRET)).isEqualTo("open");

        leaving.close();
        chromium.awaitTrue("window.kept.states.includes('reconnecting')",
                "the client to notice that the endpoint went away");
        assertThat(chromium.run("callWhileAway")).isEqualTo("reconnecting");

        try (DuplexPeer returning = publish("/restarting", SECRET)) {
            assertThat(chromium.run("pendingAnswer")).isEqualTo(Map.of(
                    "answer", "sent after reconnecting",
                    "states", List.of("reconnecting", "open")));
        }
    }

    @Test
    void stopsReconnectingOnceItsSecretNoLongerHolds() {
        DuplexPeer first = publish("/taken", SECRET);
        assertThat(chromium.run("stayConnected", "/taken", SECRET)).isEqualTo("open");

        // Another secret takes the endpoint over and closes every client of the old one.
        try (DuplexPeer other = publish("/taken", "another-secret")) {
            chromium.awaitTrue("window.kept.states.includes('invalid secret')",
                    "the client to give up with the reason");
            assertThat(chromium.driver().executeScript("return window.kept.client.state"))
                    .isEqualTo("closed");
        } finally {
            first.close();
        }
    }

    @Test
    void worksAsAPlainScriptThatDefinesAGlobal() {
        chromium.open(pages.page("script.html"));

        assertThat(chromium.run("call", ENDPOINT, SECRET)).isEqualTo("from a plain script");
    }

    @Test
    void importsTheModuleAfterTheBrowserCachedThePlainScript() {
        chromium.open(pages.page("script.html"));
        chromium.open(pages.page("client.html"));

        assertThat(chromium.run("call", ENDPOINT, SECRET))
                .isEqualTo(Map.of("hello", "browser", "list", List.of(1L, 2L)));
    }

    @Test
    void runsTheExamplePageOfTheReadme() throws IOException {
        String origin = "127.0.0.1:" + server.port();
        URI page = pages.add("readme.html", readmeExample()
                .replace("https://gw.example", "http://" + origin)
                .replace("wss://gw.example", "ws://" + origin));

        try (DuplexPeer greeter = GreeterService.publish(server.backendUri("/greeter", "s3cret"))) {
            chromium.driver().get(page.toString());

            chromium.awaitText(By.id("greeting"), "Hello, Ada!");
            chromium.await("the page to log what the reminder's callback answered",
                    () -> chromium.consoleLog().contains("noted: reminder: tea"));
            assertThat(chromium.consoleLog()).contains("\"count\" 1", "\"count\" 2", "\"count\" 3");
        }
    }

    /** The web page in the README's section on browsers. */
    private static String readmeExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Browsers"));
        int start = section.indexOf("```html\n") + "```html\n".length();
        return section.substring(start, section.indexOf("```", start));
    }

    private static DuplexPeer publish(String path, String secret) {
        return DuplexPeer.connect(server.backendUri(path, secret), PeerOptions.defaults(),
                BrowserClientTest::offer);
    }

    private static void offer(DuplexPeer peer) {
        TestService.offer(peer);
        // A running total after every request, then the sum once the requests have ended.
        peer.register("sum", call -> {
            int[] total = {number(call.payload())};
            call.send(Json.createValue(total[0]));
            call.onRequest(next -> {
                total[0] += number(next);
                call.send(Json.createValue(total[0]));
            }, () -> call.reply(Json.createValue(total[0])));
        });
        peer.register("remind", call -> {
            String callback = call.payload().asJsonObject().getString("callback");
            String note = call.payload().asJsonObject().getString("note");
            call.reply(await(call.call(callback, Json.createValue("reminder: " + note))));
        });
        peer.register("askClient", call -> call.reply(ask(call, call.payload())));
        peer.register("fail", call -> call.fail(number(call.payload()), "teapot"));
    }

    /** Calls the client's method named in the payload: its answer, or its error's code. */
    private static JsonValue ask(Call call, JsonValue method) throws Exception {
        try {
            JsonValue answer = call.call(((JsonString) method).getString(), JsonValue.NULL)
                    .get(Chromium.WAIT.toSeconds(), TimeUnit.SECONDS);
            return Json.createObjectBuilder().add("answer", answer).build();
        } catch (ExecutionException e) {
            DuplexException error = (DuplexException) e.getCause();
            return Json.createObjectBuilder()
                    .add("code", error.code())
                    .add("message", error.getMessage())
                    .build();
        }
    }

    private static JsonValue await(Future<JsonValue> answer) throws Exception {
        return answer.get(Chromium.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static int number(JsonValue value) {
        return ((JsonNumber) value).intValue();
    }

    private static void closeQuietly(AutoCloseable running) {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (Exception e) {
            // Stopping the others matters more than a failure to stop this one.
        }
    }
}
