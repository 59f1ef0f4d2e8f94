package io.amsgateway.bench;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.key.KeyCacheListener;
import io.amsgateway.core.key.KeyMaterial;
import io.amsgateway.core.key.KeyRef;
import io.amsgateway.core.key.KeySource;
import io.amsgateway.core.key.MerchantKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a call pays for its keys once they are cached: a {@link CachingKeySource} hit, as {@code
 * ClientProfile} makes it on every proxied call.
 *
 * <ul>
 *   <li>{@link #merchantKeyHit}: the signing key of a fixed version ({@code key-version = 1}).
 *   <li>{@link #latestMerchantKeyHit}: {@code key-version = latest}: the latest version, then the
 *       key of that version (two lookups and a composition).
 *   <li>{@link #alipayKeysHit}: Alipay's public keys, which every response verification needs.
 * </ul>
 *
 * <p>The source behind the cache counts its loads; the run fails if any happened after the warm-up
 * load (a hit must never reach the source). Metrics listener: {@link KeyCacheListener#NONE}, so
 * this is the cache alone; the gateway adds two Prometheus counter increments per lookup.
 *
 * <p>Run: {@code java -jar gateway-bench/target/gateway-bench.jar KeyCacheBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class KeyCacheBenchmark {
    private static final String CLIENT_ID = "SANDBOX_5YBENCH0000000";
    private static final KeyRef REF = new KeyRef(CLIENT_ID, 1);

    private CachingKeySource cache;
    private CountingSource source;

    /** A source with one merchant key and one Alipay key, answering at once; counts its loads. */
    static final class CountingSource implements KeySource {
        final LongAdder loads = new LongAdder();
        final MerchantKey merchant;
        final VerifierSet alipay;

        CountingSource(MerchantKey merchant, VerifierSet alipay) {
            this.merchant = merchant;
            this.alipay = alipay;
        }

        @Override
        public String name() {
            return "bench";
        }

        @Override
        public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
            loads.increment();
            return CompletableFuture.completedFuture(merchant);
        }

        @Override
        public CompletionStage<VerifierSet> alipayKeys(String clientId) {
            loads.increment();
            return CompletableFuture.completedFuture(alipay);
        }

        @Override
        public CompletionStage<Integer> latestVersion(String clientId) {
            loads.increment();
            return CompletableFuture.completedFuture(1);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair merchant = g.generateKeyPair();
        KeyPair alipay = g.generateKeyPair();
        CryptoProvider jdk = CryptoProvider.jdk();
        source = new CountingSource(
                KeyMaterial.merchantKey(
                        REF,
                        Base64.getEncoder().encodeToString(merchant.getPrivate().getEncoded()),
                        SignatureAlgorithm.RSA256,
                        jdk,
                        "bench"),
                VerifierSet.of(JcaVerifier.create(1, SignatureAlgorithm.RSA256, alipay.getPublic(), jdk)));
        cache = CachingKeySource.wrap(source, CachingKeySource.Settings.DEFAULTS, KeyCacheListener.NONE);
        merchantKeyHit();
        latestMerchantKeyHit();
        alipayKeysHit();
        source.loads.reset();
    }

    @TearDown(Level.Trial)
    public void checkNoLoads() {
        if (source.loads.sum() != 0) {
            throw new IllegalStateException(source.loads.sum() + " loads during the measurement: not all hits");
        }
    }

    @Benchmark
    public MerchantKey merchantKeyHit() {
        return cache.merchantKey(REF).toCompletableFuture().join();
    }

    @Benchmark
    public MerchantKey latestMerchantKeyHit() {
        return cache.latestVersion(CLIENT_ID)
                .thenCompose(v -> cache.merchantKey(new KeyRef(CLIENT_ID, v)))
                .toCompletableFuture()
                .join();
    }

    @Benchmark
    public VerifierSet alipayKeysHit() {
        return cache.alipayKeys(CLIENT_ID).toCompletableFuture().join();
    }
}
