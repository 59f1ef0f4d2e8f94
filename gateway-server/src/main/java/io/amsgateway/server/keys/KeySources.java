package io.amsgateway.server.keys;

import io.amsgateway.core.concurrent.DaemonThreads;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.key.CircuitBreakingKeySource;
import io.amsgateway.core.key.FileKeySource;
import io.amsgateway.core.key.KeySource;
import io.amsgateway.core.key.Pkcs11KeySource;
import io.amsgateway.core.key.Pkcs11Token;
import io.amsgateway.core.key.VaultKvKeySource;
import io.amsgateway.core.key.VaultTransitKeySource;
import io.amsgateway.core.vault.VaultClient;
import io.amsgateway.core.vault.VaultConfig;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.server.config.KeySourceConfig;
import io.amsgateway.server.config.KeysConfig;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.amsgateway.server.metrics.KeyProblemMetrics;
import io.amsgateway.server.metrics.SignerCircuitMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * Makes every profile's {@link CachingKeySource}: the source its {@code key-source} names behind
 * the cache {@code gateway.keys} configures, reporting to the metrics. A remote signer (Vault
 * Transit, a PKCS#11 token) sits behind a {@link CircuitBreakingKeySource}, between it and the
 * cache, whose state {@link #signersReady()} reports. Owns what the sources share: two daemon
 * threads that read key files, and one {@link VaultClient} when a profile uses Vault. Closing it
 * stops them; close the profiles' caches first.
 */
public final class KeySources implements AutoCloseable {
    private final GatewayConfig cfg;
    private final CryptoProvider crypto;
    private final GatewayMetrics metrics;
    private final KeyProblemMetrics problems;
    private final ExecutorService fileIo = Executors.newFixedThreadPool(2, DaemonThreads.named("key-file-io"));
    private final @Nullable VaultClient vault;
    private final SignerCircuitMetrics circuitMetrics;
    private final Map<String, CircuitBreakingKeySource> circuits = new ConcurrentHashMap<>();

    public KeySources(GatewayConfig cfg, CryptoProvider crypto, GatewayMetrics metrics) {
        this.cfg = cfg;
        this.crypto = crypto;
        this.metrics = metrics;
        this.circuitMetrics = new SignerCircuitMetrics(metrics.registry());
        this.problems = new KeyProblemMetrics(metrics.registry());
        VaultConfig v = cfg.vault().orElse(null);
        this.vault = v == null ? null : VaultClient.create(v, metrics.vault().vaultListener());
    }

    /** The cached key source of {@code profile}. */
    public CachingKeySource cached(ProfileConfig profile) {
        KeySource source = source(profile, profile.keySource());
        if (profile.keySource().remoteSigner()) {
            String name = source.name();
            CircuitBreakingKeySource guarded = CircuitBreakingKeySource.wrap(
                    source,
                    cfg.keys().signerCircuit(),
                    "profile " + profile.name() + " (" + name + ")",
                    circuitMetrics.listener(profile.name(), name));
            circuitMetrics.export(profile.name(), name, guarded::state);
            circuits.put(profile.name(), guarded);
            source = guarded;
        }
        return CachingKeySource.wrap(
                source,
                cfg.keys().cache(),
                problems.counting(
                        metrics.keyCache().keyCacheListener(profile.name(), source.name()),
                        profile.name(),
                        source.name()));
    }

    /**
     * Whether the remote signers let the gateway take traffic: with {@code
     * gateway.keys.signer-circuit.readiness = fail}, false while any signer circuit is open;
     * with {@code report}, always true (the metric and its alert tell). Either way, a circuit that
     * is not closed gets a probe (at most one in flight; it goes through only when the circuit
     * lets one), so readiness checks also close a circuit nobody signs through. Cheap; never blocks.
     */
    public boolean signersReady() {
        boolean ready = true;
        for (CircuitBreakingKeySource c : circuits.values()) {
            c.probe();
            if (!c.isClosed() && cfg.keys().circuitReadiness() == KeysConfig.CircuitReadiness.FAIL) {
                ready = false;
            }
        }
        return ready;
    }

    private KeySource source(ProfileConfig p, KeySourceConfig ks) {
        if (ks instanceof KeySourceConfig.Files f) {
            return FileKeySource.files(f.merchantKeys(), f.alipayKeys(), f.apiKey(), p.algorithm(), crypto, fileIo);
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
                    kv.apiKeyField(),
                    p.algorithm(),
                    crypto);
        }
        if (ks instanceof KeySourceConfig.Pkcs11 k) {
            KeySource alipay = source(p, k.alipayKeys());
            try {
                return new Pkcs11KeySource(
                        Pkcs11Token.open(p.name(), k.settings(), System.getenv()), p.algorithm(), crypto, alipay);
            } catch (GatewayException e) {
                alipay.close();
                throw new IllegalArgumentException("profile " + p.name() + ": " + e.getMessage());
            }
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
