package io.amsgateway.core.vault;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for {@link java.util.concurrent.CompletableFuture} chains. */
final class Futures {
    private Futures() {}

    /** The cause under {@link CompletionException} and {@link ExecutionException} wrappers. */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
