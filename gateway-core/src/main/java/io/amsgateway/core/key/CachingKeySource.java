package io.amsgateway.core.key;

import com.github.benmanes.caffeine.cache.Ticker;
import io.amsgateway.core.crypto.VerifierSet;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A Caffeine cache in front of a {@link KeySource}: the only way the gateway reads keys.
 *
 * <ul>
 *   <li><b>One load per key.</b> However many calls miss at once, the source is asked once; the
 *       others wait for that answer.
 *   <li><b>Refresh after write</b> ({@link Settings#refreshAfter()}): the first use of an entry
 *       older than that starts a reload in the background and is served the cached key meanwhile,
 *       which is how rotations are picked up without restart. A source that signals a change
 *       ({@link KeySource#onChange}) is reloaded at once.
 *   <li><b>A failed refresh keeps the old key</b>, marked stale, with one warning when it turns
 *       stale and one note when it recovers. Every use of a stale key is reported ({@link
 *       KeyCacheListener#servedStale()}). This is what carries the gateway through a Vault outage.
 *   <li><b>Hard expiry</b> ({@link Settings#expireAfter()}), counted from the last successful load,
 *       bounds how long a stale key may serve. After it, calls fail with {@code KEY_UNAVAILABLE}
 *       until the source answers again.
 *   <li><b>Negative caching.</b> A {@link KeyNotFoundException} is an answer and is cached for
 *       {@link Settings#notFoundTtl()}; a failure to answer is not cached. A refresh that is told
 *       "not found" drops the key: a key deleted at the source stops signing.
 * </ul>
 *
 * <p>A hit costs a hash lookup and completes inline on the calling thread. Thread-safe.
 */
public final class CachingKeySource implements KeySource {
    private final KeySource source;
    private final CacheTier<KeyRef, MerchantKey> merchantKeys;
    private final CacheTier<String, VerifierSet> alipayKeys;
    private final CacheTier<String, Integer> latestVersions;

    /**
     * Timings of the cache.
     *
     * @param refreshAfter age after which a use triggers a background reload (default 5 minutes)
     * @param expireAfter age, since the last successful load, after which a key is no longer
     *     served (default 24 hours); longer than {@code refreshAfter}
     * @param notFoundTtl how long a "not found" answer is cached (default 30 seconds)
     */
    public record Settings(Duration refreshAfter, Duration expireAfter, Duration notFoundTtl) {
        /** The defaults: 5 minutes, 24 hours, 30 seconds. */
        public static final Settings DEFAULTS =
                new Settings(Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofSeconds(30));

        public Settings {
            if (refreshAfter.isNegative() || refreshAfter.isZero() || notFoundTtl.isNegative()) {
                throw new IllegalArgumentException("refresh-after must be positive and not-found-ttl not negative");
            }
            if (expireAfter.compareTo(refreshAfter) <= 0) {
                throw new IllegalArgumentException("expire-after must be longer than refresh-after");
            }
        }
    }

    private CachingKeySource(KeySource source, Settings settings, KeyCacheListener listener, Ticker ticker) {
        this.source = source;
        String what = source.name() + " key source";
        this.merchantKeys = new CacheTier<>(what, "merchant key", source::merchantKey, settings, listener, ticker);
        this.alipayKeys =
                new CacheTier<>(what, "Alipay public keys of", source::alipayKeys, settings, listener, ticker);
        this.latestVersions =
                new CacheTier<>(what, "latest key version of", source::latestVersion, settings, listener, ticker);
        source.onChange(this::refreshAll);
    }

    /** Wraps {@code source}; closing the cache closes the source. */
    public static CachingKeySource wrap(KeySource source, Settings settings, KeyCacheListener listener) {
        return new CachingKeySource(source, settings, listener, Ticker.systemTicker());
    }

    /** As {@link #wrap(KeySource, Settings, KeyCacheListener)}, with a clock of the test's choosing. */
    public static CachingKeySource wrap(KeySource source, Settings settings, KeyCacheListener listener, Ticker ticker) {
        return new CachingKeySource(source, settings, listener, ticker);
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
        return merchantKeys.get(ref);
    }

    @Override
    public CompletionStage<VerifierSet> alipayKeys(String clientId) {
        return alipayKeys.get(clientId);
    }

    @Override
    public CompletionStage<Integer> latestVersion(String clientId) {
        return latestVersions.get(clientId);
    }

    /** At most one forced reload of a client's Alipay keys per this interval (10 seconds). */
    public static final Duration FORCED_RELOAD_INTERVAL = Duration.ofSeconds(10);

    /**
     * Alipay's keys for {@code clientId}, reloaded from the source now: for an answer whose {@code
     * keyVersion} the cached set lacks (Alipay may start signing with a new key before the refresh
     * interval comes round). At most one forced reload per client per {@link
     * #FORCED_RELOAD_INTERVAL}; within it this is the cached set (or the reload in flight), so
     * answers naming unknown versions cannot make the source busy.
     */
    public CompletionStage<VerifierSet> alipayKeysReloaded(String clientId) {
        return alipayKeys.reloaded(clientId, FORCED_RELOAD_INTERVAL.toNanos());
    }

    /** How many cached entries are stale now (their last refresh failed). */
    public int staleEntries() {
        return merchantKeys.staleEntries() + alipayKeys.staleEntries() + latestVersions.staleEntries();
    }

    /** Reloads every cached entry in the background; each keeps serving until its reload ends. */
    public void refreshAll() {
        merchantKeys.refreshAll();
        alipayKeys.refreshAll();
        latestVersions.refreshAll();
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return "CachingKeySource[" + source.name() + "]";
    }
}
