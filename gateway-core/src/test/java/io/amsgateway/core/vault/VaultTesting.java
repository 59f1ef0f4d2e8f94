package io.amsgateway.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.amsgateway.core.concurrent.Futures;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** Helpers shared by the Vault tests: configs, bounded waits, fresh RSA keys. */
public final class VaultTesting {
    /** Every wait in these tests ends within this. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private VaultTesting() {}

    public static VaultConfig config(URI address, VaultAuth auth) {
        return new VaultConfig(address, null, null, Duration.ofSeconds(3), auth);
    }

    public static VaultConfig config(URI address, @Nullable String namespace, VaultAuth auth) {
        return new VaultConfig(address, namespace, null, Duration.ofSeconds(3), auth);
    }

    /** The stage's value, waiting at most {@link #WAIT}. */
    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("stage did not complete normally: " + Futures.unwrap(e), e);
        }
    }

    /** The stage's failure (unwrapped), waiting at most {@link #WAIT}. */
    public static Throwable failure(CompletionStage<?> stage) {
        Throwable t = catchThrowable(() -> stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(t).as("the stage must fail, not succeed or time out").isNotNull();
        assertThat(t).isNotInstanceOf(java.util.concurrent.TimeoutException.class);
        return Futures.unwrap(t);
    }

    /** Polls {@code condition} until true or {@link #WAIT} passed. */
    public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
