package io.amsgateway.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.testing.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CachingKeySourceTest {
    static final KeyRef REF = new KeyRef("CLIENT_1", 1);
    static final CachingKeySource.Settings SETTINGS =
            new CachingKeySource.Settings(Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofSeconds(30));
    static MerchantKey key1;
    static MerchantKey key1b;

    @BeforeAll
    static void keys() {
        CryptoProvider jdk = CryptoProvider.jdk();
        key1 = KeyMaterial.merchantKey(
                REF, TestKeys.privateBase64(TestKeys.rsa()), SignatureAlgorithm.RSA256, jdk, "t");
        key1b = KeyMaterial.merchantKey(
                REF, TestKeys.privateBase64(TestKeys.rsa()), SignatureAlgorithm.RSA256, jdk, "t");
    }

    /** A source whose answers the test scripts; it counts the loads. */
    static class ScriptedSource implements KeySource {
        final AtomicInteger loads = new AtomicInteger();
        volatile Function<KeyRef, CompletionStage<MerchantKey>> answer;
        volatile int latest = 7;
        Runnable changeListener;

        ScriptedSource(Function<KeyRef, CompletionStage<MerchantKey>> answer) {
            this.answer = answer;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
            loads.incrementAndGet();
            return answer.apply(ref);
        }

        @Override
        public CompletionStage<VerifierSet> alipayKeys(String clientId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Integer> latestVersion(String clientId) {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(latest);
        }

        @Override
        public void onChange(Runnable listener) {
            this.changeListener = listener;
        }
    }

    static final class Counting implements KeyCacheListener {
        final AtomicInteger hits = new AtomicInteger();
        final AtomicInteger misses = new AtomicInteger();
        final AtomicInteger stale = new AtomicInteger();
        final List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void problem(String kind) {
            problems.add(kind);
        }

        @Override
        public void hit() {
            hits.incrementAndGet();
        }

        @Override
        public void miss() {
            misses.incrementAndGet();
        }

        @Override
        public void loaded(String outcome, long nanos) {
            outcomes.add(outcome);
        }

        @Override
        public void servedStale() {
            stale.incrementAndGet();
        }
    }

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final Counting listener = new Counting();

    CachingKeySource cache(ScriptedSource s) {
        return CachingKeySource.wrap(s, SETTINGS, listener, now::get);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    static MerchantKey get(CachingKeySource c) throws Exception {
        return c.merchantKey(REF).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void manyConcurrentMissesMakeOneLoad() throws Exception {
        CompletableFuture<MerchantKey> pending = new CompletableFuture<>();
        ScriptedSource s = new ScriptedSource(r -> pending);
        CachingKeySource c = cache(s);
        int callers = 1000;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<MerchantKey>> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < callers / 8; j++) {
                    results.add(c.merchantKey(REF).toCompletableFuture());
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        pending.complete(key1);
        assertThat(results).hasSize(callers);
        for (CompletableFuture<MerchantKey> f : results) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isSameAs(key1);
        }
        assertThat(s.loads).as("one load, however many callers missed at once").hasValue(1);
        assertThat(listener.hits.get() + listener.misses.get()).isEqualTo(callers);
    }

    @Test
    void refreshAfterWriteServesTheOldKeyThenTheNewOne() throws Exception {
        AtomicReference<MerchantKey> current = new AtomicReference<>(key1);
        ScriptedSource s = new ScriptedSource(r -> CompletableFuture.completedFuture(current.get()));
        CachingKeySource c = cache(s);
        assertThat(get(c)).isSameAs(key1);
        current.set(key1b);
        advance(Duration.ofMinutes(4));
        assertThat(get(c)).as("younger than refresh-after: no reload").isSameAs(key1);
        assertThat(s.loads).hasValue(1);
        advance(Duration.ofMinutes(2));
        get(c); // triggers the refresh (completes inline here)
        assertThat(s.loads).hasValue(2);
        assertThat(get(c)).isSameAs(key1b);
        assertThat(listener.outcomes).containsExactly("success", "success");
    }

    @Test
    void aFailedRefreshKeepsServingStaleUntilTheHardExpiry() throws Exception {
        ScriptedSource s = new ScriptedSource(r -> CompletableFuture.completedFuture(key1));
        CachingKeySource c = cache(s);
        get(c);
        s.answer =
                r -> CompletableFuture.failedFuture(new GatewayException(ErrorCode.KEY_UNAVAILABLE, "vault is sealed"));
        advance(Duration.ofMinutes(6));
        assertThat(get(c)).as("refresh failed: the cached key still serves").isSameAs(key1);
        assertThat(c.staleEntries()).isEqualTo(1);
        assertThat(get(c)).isSameAs(key1);
        assertThat(listener.stale.get())
                .as("each use of a stale key is reported")
                .isGreaterThanOrEqualTo(1);
        assertThat(listener.outcomes).contains("failure");

        advance(Duration.ofHours(23)); // 23 h 6 min after the only successful load
        assertThat(get(c)).isSameAs(key1);
        advance(Duration.ofMinutes(55)); // past 24 h
        assertThatThrownBy(() -> get(c))
                .as("past the hard expiry nothing stale is served")
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("sealed");

        s.answer = r -> CompletableFuture.completedFuture(key1b);
        assertThat(get(c)).isSameAs(key1b);
        assertThat(c.staleEntries()).isZero();
    }

    @Test
    void recoveryAfterAnOutageClearsStaleness() throws Exception {
        ScriptedSource s = new ScriptedSource(r -> CompletableFuture.completedFuture(key1));
        CachingKeySource c = cache(s);
        get(c);
        s.answer = r -> CompletableFuture.failedFuture(new GatewayException(ErrorCode.KEY_UNAVAILABLE, "down"));
        advance(Duration.ofMinutes(6));
        get(c);
        assertThat(c.staleEntries()).isEqualTo(1);
        s.answer = r -> CompletableFuture.completedFuture(key1b);
        advance(Duration.ofMinutes(6));
        get(c);
        assertThat(get(c)).isSameAs(key1b);
        assertThat(c.staleEntries()).isZero();
    }

    @Test
    void notFoundIsCachedBrieflyAndOtherFailuresAreNot() throws Exception {
        ScriptedSource s = new ScriptedSource(r -> CompletableFuture.failedFuture(new KeyNotFoundException("no v1")));
        CachingKeySource c = cache(s);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> get(c)).cause().isInstanceOf(KeyNotFoundException.class);
        }
        assertThat(s.loads).as("not found is an answer, cached").hasValue(1);
        advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> get(c)).cause().isInstanceOf(KeyNotFoundException.class);
        assertThat(s.loads).as("after not-found-ttl it is asked again").hasValue(2);

        s.answer = r -> CompletableFuture.failedFuture(new GatewayException(ErrorCode.KEY_UNAVAILABLE, "down"));
        advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> get(c)).cause().hasMessageContaining("down");
        assertThatThrownBy(() -> get(c)).cause().hasMessageContaining("down");
        assertThat(s.loads)
                .as("an outage is not an answer: every call asks again")
                .hasValue(4);
        assertThat(listener.outcomes).containsExactly("not_found", "not_found", "failure", "failure");
    }

    @Test
    void aRefreshToldNotFoundDropsTheKey() throws Exception {
        ScriptedSource s = new ScriptedSource(r -> CompletableFuture.completedFuture(key1));
        CachingKeySource c = cache(s);
        get(c);
        s.answer = r -> CompletableFuture.failedFuture(new KeyNotFoundException("version 1 was destroyed"));
        advance(Duration.ofMinutes(6));
        c.merchantKey(REF); // starts the refresh; whether this call still gets the old key is Caffeine's affair
        assertThatThrownBy(() -> get(c))
                .as("a key deleted at the source stops signing")
                .cause()
                .isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void aChangeSignalReloadsAtOnce() throws Exception {
        AtomicReference<MerchantKey> current = new AtomicReference<>(key1);
        ScriptedSource s = new ScriptedSource(r -> CompletableFuture.completedFuture(current.get()));
        CachingKeySource c = cache(s);
        assertThat(get(c)).isSameAs(key1);
        assertThat(c.latestVersion("CLIENT_1").toCompletableFuture().get()).isEqualTo(7);
        current.set(key1b);
        s.changeListener.run();
        assertThat(get(c)).isSameAs(key1b);
        assertThat(s.loads)
                .as("each cached entry reloaded once: key 1, and the latest version with its key 7, loaded afresh")
                .hasValue(6);
    }

    @Test
    void aForcedReloadOfAlipayKeysIsRateLimitedPerClient() throws Exception {
        AtomicInteger alipayLoads = new AtomicInteger();
        VerifierSet v1 = VerifierSet.of(io.amsgateway.core.crypto.JcaVerifier.create(
                1, SignatureAlgorithm.RSA256, TestKeys.rsa().getPublic(), CryptoProvider.jdk()));
        VerifierSet v12 = VerifierSet.of(java.util.List.of(
                io.amsgateway.core.crypto.JcaVerifier.create(
                        1, SignatureAlgorithm.RSA256, TestKeys.rsa().getPublic(), CryptoProvider.jdk()),
                io.amsgateway.core.crypto.JcaVerifier.create(
                        2, SignatureAlgorithm.RSA256, TestKeys.rsa().getPublic(), CryptoProvider.jdk())));
        AtomicReference<VerifierSet> current = new AtomicReference<>(v1);
        ScriptedSource s = new ScriptedSource(r -> CompletableFuture.completedFuture(key1)) {
            @Override
            public CompletionStage<VerifierSet> alipayKeys(String clientId) {
                alipayLoads.incrementAndGet();
                return CompletableFuture.completedFuture(current.get());
            }
        };
        CachingKeySource c = cache(s);
        assertThat(c.alipayKeys("C").toCompletableFuture().get().versions()).containsExactly(1);
        current.set(v12);
        assertThat(c.alipayKeysReloaded("C").toCompletableFuture().get().versions())
                .as("reloaded at once, long before refresh-after")
                .containsExactly(1, 2);
        assertThat(alipayLoads).hasValue(2);
        c.alipayKeysReloaded("C").toCompletableFuture().get();
        c.alipayKeysReloaded("C").toCompletableFuture().get();
        assertThat(alipayLoads).as("within the interval, no further reload").hasValue(2);
        c.alipayKeysReloaded("D").toCompletableFuture().get();
        assertThat(alipayLoads).as("another client has its own allowance").hasValue(3);
        advance(CachingKeySource.FORCED_RELOAD_INTERVAL.plusSeconds(1));
        c.alipayKeysReloaded("C").toCompletableFuture().get();
        assertThat(alipayLoads).hasValue(4);
    }

    static MerchantKey keyOf(int version) {
        return KeyMaterial.merchantKey(
                new KeyRef("CLIENT_1", version),
                TestKeys.privateBase64(TestKeys.rsa()),
                SignatureAlgorithm.RSA256,
                CryptoProvider.jdk(),
                "t");
    }

    static int latest(CachingKeySource c) throws Exception {
        return c.latestVersion("CLIENT_1").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aBrokenNewestKeyNeverSignsAndCostsOneLoadReportedOnce() throws Exception {
        MerchantKey k3 = keyOf(3);
        AtomicInteger loadsOf4 = new AtomicInteger();
        ScriptedSource s = new ScriptedSource(r -> {
            if (r.keyVersion() == 4) {
                loadsOf4.incrementAndGet();
                return CompletableFuture.failedFuture(new KeyUnusableException("file v4 holds a public key"));
            }
            return CompletableFuture.completedFuture(k3);
        });
        s.latest = 3;
        CachingKeySource c = cache(s);
        assertThat(latest(c)).isEqualTo(3);

        s.latest = 4; // a broken v4 appears
        s.changeListener.run();
        for (int i = 0; i < 100; i++) {
            assertThat(latest(c)).as("the last good version keeps signing").isEqualTo(3);
            assertThat(get(c, 3)).isSameAs(k3);
        }
        assertThat(loadsOf4)
                .as("the broken key was loaded once, not once per call")
                .hasValue(1);
        assertThat(listener.problems).containsExactly(CachingKeySource.PROBLEM_UNUSABLE_KEY);

        advance(Duration.ofMinutes(6)); // refresh-after: the latest is looked up again, v4 still broken
        latest(c);
        assertThat(latest(c)).isEqualTo(3);
        assertThat(loadsOf4).as("one more load per refresh, no more").hasValue(2);
        assertThat(listener.problems)
                .as("the same failure is not reported again")
                .hasSize(1);
    }

    @Test
    void withoutAGoodVersionYetLatestWalksDownToTheNewestThatLoads() throws Exception {
        MerchantKey k2 = keyOf(2);
        ScriptedSource s = new ScriptedSource(r -> r.keyVersion() == 2
                ? CompletableFuture.completedFuture(k2)
                : r.keyVersion() == 4
                        ? CompletableFuture.failedFuture(new KeyNotFoundException("no v4"))
                        : CompletableFuture.failedFuture(new KeyUnusableException("garbage")));
        s.latest = 5;
        CachingKeySource c = cache(s);
        assertThat(latest(c)).as("5 garbage, 4 missing, 3 garbage, 2 loads").isEqualTo(2);
    }

    @Test
    void aRefreshThatFindsTheKeyUnusableKeepsTheLastGoodCopy() throws Exception {
        AtomicReference<CompletionStage<MerchantKey>> answer =
                new AtomicReference<>(CompletableFuture.completedFuture(key1));
        ScriptedSource s = new ScriptedSource(r -> answer.get());
        CachingKeySource c = cache(s);
        assertThat(get(c)).isSameAs(key1);
        answer.set(CompletableFuture.failedFuture(new KeyUnusableException("the file now holds garbage")));
        s.changeListener.run();
        assertThat(get(c)).as("last known good").isSameAs(key1);
        assertThat(c.staleEntries()).isEqualTo(1);
        assertThat(listener.problems).containsExactly(CachingKeySource.PROBLEM_UNUSABLE_KEY);
    }

    @Test
    void theRemovalOfTheSigningKeyIsReportedAsKeyGone() throws Exception {
        AtomicReference<CompletionStage<MerchantKey>> answer =
                new AtomicReference<>(CompletableFuture.completedFuture(key1));
        ScriptedSource s = new ScriptedSource(r -> answer.get());
        CachingKeySource c = cache(s);
        c.signsWith("CLIENT_1", java.util.OptionalInt.of(1));
        assertThat(get(c)).isSameAs(key1);
        answer.set(CompletableFuture.failedFuture(new KeyNotFoundException("gone")));
        s.changeListener.run();
        assertThatThrownBy(() -> get(c)).hasCauseInstanceOf(KeyNotFoundException.class);
        advance(Duration.ofMinutes(1)); // past not-found-ttl: asked again, still gone
        assertThatThrownBy(() -> get(c)).hasCauseInstanceOf(KeyNotFoundException.class);
        assertThat(listener.problems).as("reported once").containsExactly(CachingKeySource.PROBLEM_KEY_GONE);
    }

    static MerchantKey get(CachingKeySource c, int version) throws Exception {
        return c.merchantKey(new KeyRef("CLIENT_1", version))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void settingsRejectAnExpiryShorterThanTheRefresh() {
        assertThatThrownBy(() -> new CachingKeySource.Settings(
                        Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
