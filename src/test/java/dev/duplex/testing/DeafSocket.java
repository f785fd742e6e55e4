package dev.duplex.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer on a bare TCP socket that misbehaves on purpose: after the Duplex handshake
 * it either stops reading altogether, or reads but never answers a ping. Real clients cannot be
 * made to do either.
 */
public final class DeafSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private DeafSocket(URI uri) throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) Await.LIMIT.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        upgrade(uri);
        sendText("SIMPLEX/1.0;json");
        String answer = readText();
        if (!answer.equals("+OK")) {
            throw new IOException("handshake refused: " + answer);
        }
    }

    /** Opens a WebSocket, completes the Duplex handshake, and then reads nothing more. */
    public static DeafSocket stalled(URI uri) throws IOException {
        return new DeafSocket(uri);
    }

    /** Opens a WebSocket and reads in the background, answering no ping. */
    public static DeafSocket ignoringPings(URI uri) throws IOException {
        DeafSocket deaf = new DeafSocket(uri);
        Thread reader = new Thread(deaf::readUntilClosed, "deaf-socket-reader");
        reader.setDaemon(true);
        reader.start();
        return deaf;
    }

    /** The close code the server sent, or -1 if the connection ended without one. */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(0x81);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    private void upgrade(URI uri) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();

        String status = readLine();
        if (!status.contains(" 101 ")) {
            throw new IOException("upgrade refused: " + status);
        }
        while (!readLine().isEmpty()) {
            // Skip the response headers.
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed during the upgrade");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private String readText() throws IOException {
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0f;
            byte[] payload = readPayload();
            if (opcode == 0x1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    private byte[] readPayload() throws IOException {
        int length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = (int) in.readLong();
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    private void readUntilClosed() {
        try {
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                byte[] payload = readPayload();
                if (opcode == 0x8) {
                    closeCode.complete(payload.length >= 2
                            ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff)
                            : -1);
                    return;
                }
            }
        } catch (IOException e) {
            closeCode.complete(-1);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
