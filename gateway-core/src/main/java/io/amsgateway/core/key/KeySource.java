package io.amsgateway.core.key;

import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.protocol.ApiKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where one client profile's keys come from: its merchant key by version, and Alipay's enabled
 * public keys. Implementations: {@code file} (a directory, reloaded when it changes), {@code
 * vault-kv} (Vault's KV version 2), {@code vault-transit} (signing inside Vault) and {@code
 * pkcs11} (signing inside a PKCS#11 token). {@link CachingKeySource} puts a cache in front of any
 * of them (and {@link CircuitBreakingKeySource} sits between the cache and a remote signer);
 * nothing calls a source on the request path except through that cache.
 *
 * <p>Failures: a stage fails with {@link KeyNotFoundException} when the source answered that the
 * key or version does not exist (cached briefly as a negative answer), and with a {@link
 * io.amsgateway.core.error.GatewayException} of code {@code KEY_UNAVAILABLE} when it could not
 * answer (unreachable, sealed, permission denied, malformed answer): a cached key keeps serving
 * then. Messages name the source, the client and the version, never key material.
 *
 * <p>Implementations are thread-safe and never block the calling thread for I/O: remote sources
 * complete their stages on their own threads.
 */
public interface KeySource extends AutoCloseable {
    /**
     * The source's kind, a metrics label: {@code file}, {@code vault-kv}, {@code vault-transit} or
     * {@code pkcs11}.
     */
    String name();

    /** The merchant key {@code ref} names, ready to sign. */
    CompletionStage<MerchantKey> merchantKey(KeyRef ref);

    /** Alipay's enabled public keys for {@code clientId}, by key version. */
    CompletionStage<VerifierSet> alipayKeys(String clientId);

    /** The newest merchant key version of {@code clientId}, for profiles whose primary version is "latest". */
    CompletionStage<Integer> latestVersion(String clientId);

    /**
     * The Antom API key of {@code clientId} (profiles with {@code auth = api-key}), checked against
     * the client id: a key that does not follow the grammar or names another client fails as
     * unusable, with a message that never shows the key. Sources that hold no API keys fail with
     * {@link KeyNotFoundException}.
     */
    default CompletionStage<ApiKey> apiKey(String clientId) {
        return CompletableFuture.failedFuture(
                new KeyNotFoundException(name() + " key source: holds no API keys (use file or vault-kv)"));
    }

    /**
     * Registers {@code listener} to be run (on any thread) whenever the source learns that its keys
     * may have changed, e.g. a watched key directory changed. The cache refreshes then instead of
     * waiting for its refresh interval. Sources that cannot tell ignore this.
     */
    default void onChange(Runnable listener) {}

    /** Releases threads, watchers and connections. Idempotent. */
    @Override
    default void close() {}
}
