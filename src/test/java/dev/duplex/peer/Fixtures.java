package dev.duplex.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Small helpers the peer tests share: JSON written with single quotes, and bounded waits. */
final class Fixtures {

    private Fixtures() {
    }

    /** Parses JSON in which single quotes stand for double quotes. */
    static JsonValue json(String text) {
        return parse(text.replace('\'', '"'));
    }

    static JsonValue parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(ScriptedServer.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The {@link DuplexException} the future fails with; fails the test otherwise. */
    static DuplexException failureOf(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> await(future));
        assertThat(thrown).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DuplexException.class);
        return (DuplexException) thrown.getCause();
    }
}
