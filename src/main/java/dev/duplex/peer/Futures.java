package dev.duplex.peer;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Future plumbing that keeps a {@link DuplexException} unwrapped for the user's stages. */
final class Futures {

    private Futures() {
    }

    /**
     * A new future that completes with {@code source}'s value mapped, or fails with its very
     * exception. Dependent stages such as {@code thenApply} would wrap the exception in a
     * {@code CompletionException}; users then could not see the {@link DuplexException} in
     * {@code exceptionally} without unwrapping it.
     */
    static <T, R> CompletableFuture<R> relay(CompletableFuture<T> source,
            Function<? super T, ? extends R> mapper) {
        CompletableFuture<R> target = new CompletableFuture<>();
        source.whenComplete((value, error) -> {
            if (error != null) {
                target.completeExceptionally(error);
            } else {
                target.complete(mapper.apply(value));
            }
        });
        return target;
    }
}
