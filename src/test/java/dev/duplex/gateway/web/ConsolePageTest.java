package dev.duplex.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.peer.DuplexPeer;
import dev.duplex.peer.example.GreeterService;
import dev.duplex.testing.Chromium;
import dev.duplex.testing.GatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console at {@code /_gateway/} in a real Chromium, used as a person would: type the
 * endpoint and secret, connect, call methods, read the activity log. The backend is the
 * walk-through's greeter service.
 */
class ConsolePageTest {

    private static final String SECRET = "console-secret";

    private static GatewayServer server;
    private static DuplexPeer greeter;
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        server = GatewayServer.start();
        greeter = GreeterService.publish(server.backendUri("/greeter", SECRET));
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (greeter != null) {
            greeter.close();
        }
        server.close();
    }

    @BeforeEach
    void openConsole() {
        chromium.driver().get(server.http("/_gateway/").toString());
        awaitState("closed", "not connected");
    }

    @Test
    void callsMethodsAndShowsRepliesStreamsAndCallbacks() throws Exception {
        connect("/greeter", SECRET);
        awaitState("open", "connected");

        call("greet", "\"Ada\"");
        awaitLog("greet replied \"Hello, Ada!\"");

        call("count", "3");
        awaitLog("count replied 3");

        call("remind", "{\"callback\": \"$callback\", \"note\": \"tea\"}");
        awaitLog("remind replied \"ok\"");

        assertThat(logLines()).containsSubsequence(
                "connected to /greeter",
                "call greet \"Ada\"",
                "greet replied \"Hello, Ada!\"",
                "call count 3",
                "count streamed 1",
                "count streamed 2",
                "count replied 3",
                "call remind {\"callback\":\"callback.1\",\"note\":\"tea\"}",
                "the service called callback.1 \"reminder: tea\"",
                "remind replied \"ok\"");

        Path screenshot = chromium.screenshot("console");
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void showsTheSameCallAsACurlCommandWithTheSecretMasked() {
        connect("/greeter", SECRET);
        type("method", "greet");
        type("payload", "\"Ada\"");

        String shown = chromium.driver().findElement(By.id("curl")).getText();

        assertThat(shown).isEqualTo("curl -sN -X POST 'http://127.0.0.1:" + server.port()
                + "/greeter/greet' -H 'Authorization: Bearer " + "*".repeat(SECRET.length())
                + "' -d '\"Ada\"'");
    }

    @Test
    void copiesTheCurlCommandWithTheSecret() {
        grantClipboard();
        connect("/greeter", SECRET);
        type("method", "greet");
        type("payload", "\"Ada\"");

        chromium.driver().findElement(By.id("copy")).click();
        chromium.awaitText(By.id("copied"), "copied");

        Object copied = chromium.driver().executeAsyncScript(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0](String(e)))");
        assertThat(copied).isEqualTo("curl -sN -X POST 'http://127.0.0.1:" + server.port()
                + "/greeter/greet' -H 'Authorization: Bearer " + SECRET + "' -d '\"Ada\"'");
    }

    @Test
    void showsWhyItCouldNotConnect() {
        connect("/greeter", "wrong");
        awaitState("closed", "invalid secret (HTTP 401)");

        connect("/nowhere", SECRET);
        awaitState("closed", "endpoint not found (HTTP 404)");
    }

    private void awaitState(String state, String text) {
        chromium.await("the state \"" + text + "\"", () -> {
            WebElement shown = chromium.driver().findElement(By.id("state"));
            return shown.getDomAttribute("class").contains(state) && shown.getText().equals(text);
        });
    }

    private void awaitLog(String line) {
        chromium.await("\"" + line + "\" in the log", () -> logLines().contains(line));
    }

    private void connect(String endpoint, String secret) {
        type("endpoint", endpoint);
        type("secret", secret);
        chromium.driver().findElement(By.id("connect")).click();
    }

    private void call(String method, String arguments) {
        type("method", method);
        type("payload", arguments);
        chromium.driver().findElement(By.id("send")).click();
    }

    private void type(String field, String text) {
        WebElement input = chromium.driver().findElement(By.id(field));
        input.clear();
        input.sendKeys(text);
    }

    /** The log's lines, oldest first, without their times; read in one step of the page. */
    @SuppressWarnings("unchecked")
    private List<String> logLines() {
        return (List<String>) chromium.driver().executeScript(String.join("\n",
                "return Array.from(document.querySelectorAll('#log li')).reverse().map(item =>",
                "  Array.from(item.querySelectorAll('span, code'), part => part.textContent)",
                "    .join(' '));"));
    }

    /** Lets the console write to the clipboard and the test read it back. */
    private void grantClipboard() {
        chromium.driver().executeCdpCommand("Browser.grantPermissions", Map.of(
                "origin", "http://127.0.0.1:" + server.port(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }
}
