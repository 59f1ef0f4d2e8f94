package io.amsgateway.core.key;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.vault.VaultException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A key source answered that a key or key version does not exist (a Vault 404, a missing file).
 * Unlike an outage this is an answer, so {@link CachingKeySource} caches it for a short while. The
 * caller sees {@code GATEWAY_KEY_UNAVAILABLE}: nothing was sent.
 */
public final class KeyNotFoundException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** @param message names the source, client and version; never key material */
    public KeyNotFoundException(String message) {
        super(ErrorCode.KEY_UNAVAILABLE, message);
    }

    /** {@code stage}, with Vault's "not found" (its {@code NOT_FOUND} kind) as a {@code KeyNotFoundException}. */
    static <T> CompletableFuture<T> fromVault(CompletionStage<T> stage) {
        return stage.toCompletableFuture().exceptionallyCompose(failure -> {
            Throwable cause = Futures.unwrap(failure);
            if (cause instanceof VaultException v && v.kind() == VaultException.Kind.NOT_FOUND) {
                return CompletableFuture.failedFuture(new KeyNotFoundException(String.valueOf(v.getMessage())));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
