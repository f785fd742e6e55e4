package dev.duplex.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.testing.GatewayServer;
import dev.duplex.testing.RawSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code DEBUG} logs every frame, and never a token or secret. */
class FrameLogTest {

    @Test
    void debugLogsEveryFrameWithCredentialsMasked() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (GatewayServer server = GatewayServer.start(Map.of("DEBUG", "true"));
                RawSocket backend = RawSocket.handshaken(server.backendUri("/dbg", "pa55word"));
                RawSocket client = RawSocket.handshaken(server.clientUri("/dbg", "pa55word"))) {
            client.send("{\"type\":\"req\",\"method\":\"login\",\"payload\":"
                    + "{\"user\":\"ada\",\"secret\":\"hunter2\"}}");
            backend.next();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(log).contains("<- SIMPLEX/1.0;json", "-> +OK", "\"method\":\"login\"",
                "\"user\":\"ada\"", "\"secret\":\"***\"");
        assertThat(log).doesNotContain("hunter2", "pa55word", GatewayServer.TOKEN);
    }

    @Test
    void masksCredentialMembersEvenWithEscapedQuotes() {
        assertThat(CredentialMask.mask("{\"Token\":\"a\\\"b\",\"x\":1}"))
                .isEqualTo("{\"Token\":\"***\",\"x\":1}");
    }
}
