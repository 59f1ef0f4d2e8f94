package io.amsgateway.server.keys;

import io.amsgateway.core.concurrent.DaemonThreads;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.key.FileKeySource;
import io.amsgateway.core.key.KeySource;
import io.amsgateway.core.key.VaultKvKeySource;
import io.amsgateway.core.key.VaultTransitKeySource;
import io.amsgateway.core.vault.VaultClient;
import io.amsgateway.core.vault.VaultConfig;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.server.config.KeySourceConfig;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.amsgateway.server.metrics.KeyProblemMetrics;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Makes every profile's {@link CachingKeySource}: the source its {@code key-source} names behind
 * the cache {@code gateway.keys} configures, reporting to the metrics. Owns what the sources share:
 * two daemon threads that read key files, and one {@link VaultClient} when a profile uses Vault.
 * Closing it stops them; close the profiles' caches first.
 */
public final class KeySources implements AutoCloseable {
    private final GatewayConfig cfg;
    private final CryptoProvider crypto;
    private final GatewayMetrics metrics;
    private final KeyProblemMetrics problems;
    private final ExecutorService fileIo = Executors.newFixedThreadPool(2, DaemonThreads.named("key-file-io"));
    private final @Nullable VaultClient vault;

    public KeySources(GatewayConfig cfg, CryptoProvider crypto, GatewayMetrics metrics) {
        this.cfg = cfg;
        this.crypto = crypto;
        this.metrics = metrics;
        this.problems = new KeyProblemMetrics(metrics.registry());
        VaultConfig v = cfg.vault().orElse(null);
        this.vault = v == null ? null : VaultClient.create(v, metrics.vaultListener());
    }

    /** The cached key source of {@code profile}. */
    public CachingKeySource cached(ProfileConfig profile) {
        KeySource source = source(profile, profile.keySource());
        return CachingKeySource.wrap(
                source,
                cfg.keys().cache(),
                problems.counting(
                        metrics.keyCacheListener(profile.name(), source.name()), profile.name(), source.name()));
    }

    private KeySource source(ProfileConfig p, KeySourceConfig ks) {
        if (ks instanceof KeySourceConfig.Files f) {
            return FileKeySource.files(f.merchantKeys(), f.alipayKeys(), p.algorithm(), crypto, fileIo);
        }
        if (ks instanceof KeySourceConfig.Directory d) {
            return FileKeySource.directory(d.dir(), p.algorithm(), crypto, fileIo);
        }
        if (ks instanceof KeySourceConfig.VaultKv kv) {
            return new VaultKvKeySource(
                    vault(),
                    kv.mount(),
                    kv.path(),
                    kv.merchantKeyField(),
                    kv.alipayKeyFieldPrefix(),
                    p.algorithm(),
                    crypto);
        }
        KeySourceConfig.VaultTransit t = (KeySourceConfig.VaultTransit) ks;
        return new VaultTransitKeySource(vault(), t.mount(), t.key(), p.algorithm(), crypto, source(p, t.alipayKeys()));
    }

    private VaultClient vault() {
        if (vault == null) {
            throw new IllegalStateException(
                    "a Vault key source without gateway.vault"); // the config loader prevents it
        }
        return vault;
    }

    @Override
    public void close() {
        fileIo.shutdownNow();
        if (vault != null) {
            vault.close();
        }
    }
}
