package io.amsgateway.server.profile;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.key.KeyRef;
import io.amsgateway.core.key.MerchantKey;
import io.amsgateway.core.protocol.ApiKey;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.upstream.Upstream;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A profile ready to serve: its configuration, its keys (through the cache in front of its key
 * source) and its upstream.
 *
 * <p>Keys are looked up per call: a cache hit completes inline, so a call costs no I/O for its
 * keys, and a rotation (a new primary version with {@code key-version = latest}, a new Alipay key)
 * is picked up without restart. Thread-safe.
 */
public final class ClientProfile implements AutoCloseable {
    private final ProfileConfig cfg;
    private final CachingKeySource keys;
    private final Upstream upstream;
    /** The signing key version: the configured one until a reload moves it (empty: latest). */
    private volatile OptionalInt keyVersion;

    public ClientProfile(ProfileConfig cfg, CachingKeySource keys, Upstream upstream) {
        this.cfg = cfg;
        this.keys = keys;
        this.upstream = upstream;
        this.keyVersion = cfg.keyVersion();
    }

    /** The profile's configuration. */
    public ProfileConfig cfg() {
        return cfg;
    }

    /** The profile's name. */
    public String name() {
        return cfg.name();
    }

    /** The way to Alipay (its connection pools). */
    public Upstream upstream() {
        return upstream;
    }

    /** The cache in front of the profile's key source. */
    public CachingKeySource keys() {
        return keys;
    }

    /** The key that signs now: the configured version, or the source's newest for "latest". */
    public CompletableFuture<MerchantKey> primaryKey() {
        return primaryKey(keyVersion);
    }

    /** The signing key version now: a number, or empty for the source's latest. */
    public OptionalInt keyVersion() {
        return keyVersion;
    }

    /**
     * Signs with {@code version} from now on (a configuration reload), once that version's key has
     * loaded; if it does not load, nothing changes and the stage fails with why.
     */
    public CompletableFuture<Void> moveKeyVersion(OptionalInt version) {
        return primaryKey(version).thenAccept(k -> keyVersion = version);
    }

    private CompletableFuture<MerchantKey> primaryKey(OptionalInt v) {
        if (v.isPresent()) {
            return keys.merchantKey(new KeyRef(cfg.clientId(), v.getAsInt())).toCompletableFuture();
        }
        return keys.latestVersion(cfg.clientId())
                .thenCompose(n -> keys.merchantKey(new KeyRef(cfg.clientId(), n)))
                .toCompletableFuture();
    }

    /** Alipay's enabled public keys for this client id. */
    public CompletableFuture<VerifierSet> alipayKeys() {
        return keys.alipayKeys(cfg.clientId()).toCompletableFuture();
    }

    /**
     * Runs {@code verify} with Alipay's keys {@code cached}; if it fails because the message names
     * a key version they lack, once more with Alipay's keys reloaded from the source (Alipay may
     * sign with a new key before the cache's refresh comes round; forced reloads are rate-limited,
     * see {@link CachingKeySource#alipayKeysReloaded}). Fails with the {@link
     * VerificationException} of the last attempt. May complete on the key source's thread.
     */
    public <T> CompletableFuture<T> verifyWithReload(VerifierSet cached, Function<VerifierSet, T> verify) {
        try {
            return CompletableFuture.completedFuture(verify.apply(cached));
        } catch (VerificationException e) {
            if (e.reason() != VerificationException.Reason.UNKNOWN_KEY_VERSION) {
                return CompletableFuture.failedFuture(e);
            }
            return keys.alipayKeysReloaded(cfg.clientId()).toCompletableFuture().thenApply(verify);
        }
    }

    /**
     * The API key of an {@code auth = api-key} profile, checked against the profile's sandbox mode:
     * a {@code TEST} key needs the sandbox paths and a {@code PROD} key the production paths. A
     * mismatch fails with {@code KEY_UNAVAILABLE} naming the profile and what to change, never the
     * key.
     */
    public CompletableFuture<ApiKey> apiKey() {
        return keys.apiKey(cfg.clientId()).toCompletableFuture().thenApply(k -> {
            if (k.test() != cfg.sandboxPaths()) {
                throw new GatewayException(
                        ErrorCode.KEY_UNAVAILABLE,
                        "its API key is a " + k.environment() + " key, but the profile calls the "
                                + (cfg.sandboxPaths() ? "sandbox" : "production")
                                + " paths (its sandbox mode); TEST keys are for /ams/sandbox/api/..., PROD keys for"
                                + " /ams/api/...: use the other key or change gateway.profiles." + cfg.name()
                                + ".sandbox");
            }
            return k;
        });
    }

    /**
     * The keys the profile needs, loaded: the primary key and Alipay's keys (RSA signatures), or
     * the API key and, when notifications are on, Alipay's keys (API key). Completes when all are
     * loaded (or one failed).
     */
    public CompletableFuture<Void> loadKeys() {
        if (cfg.apiKeyAuth()) {
            return cfg.alipayKeysNeeded()
                    ? CompletableFuture.allOf(apiKey(), alipayKeys())
                    : apiKey().thenApply(k -> null);
        }
        return CompletableFuture.allOf(primaryKey(), alipayKeys());
    }

    /**
     * Whether the profile can sign and verify now: its primary key and Alipay's keys are cached
     * (stale ones count: they still serve). Asking starts a load of whatever is missing, so a
     * readiness probe also retries a source that was down.
     */
    public boolean keysReady() {
        CompletableFuture<Void> f = loadKeys();
        return f.isDone() && !f.isCompletedExceptionally();
    }

    /** Closes the key source and the upstream pools. */
    @Override
    public void close() {
        upstream.close();
        keys.close();
    }

    @Override
    public String toString() {
        return "ClientProfile[" + cfg.name() + ", " + cfg.clientId() + "]";
    }
}
