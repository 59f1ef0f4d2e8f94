package io.amsgateway.core.key;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One cache of {@link CachingKeySource} (merchant keys, Alipay keys or latest versions). */
final class CacheTier<K, V> {
    private static final Logger log = LoggerFactory.getLogger(CachingKeySource.class);

    /**
     * A cached answer: a value, or the failure to return in its place (an answer, "not found" or
     * "unusable", cached for the not-found TTL, or an outage, which expires at once), when it was
     * loaded, and whether a refresh has failed since.
     */
    private record Entry<V>(@Nullable V value, @Nullable GatewayException failure, long loadedAt, boolean stale) {
        V valueOrThrow() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }

        boolean answered() {
            return answer(failure);
        }
    }

    /** Whether {@code failure} is the source's answer about the key (cached) rather than an outage. */
    static boolean answer(@Nullable Throwable failure) {
        return failure instanceof KeyNotFoundException || failure instanceof KeyUnusableException;
    }

    /**
     * What a tier tells its owner about each key's changes, each once: the owner decides what is
     * worth a log line. Called on the loading thread; must not block.
     */
    interface Events<K, V> {
        /**
         * A load or refresh of {@code key} succeeded.
         *
         * @param before the value it replaces, or null on a first load
         * @param recovered whether a failure of this key was reported and this ends it
         */
        void loaded(K key, @Nullable V before, V after, boolean recovered);

        /**
         * A load or refresh of {@code key} was answered with "not found" or "unusable", and that is
         * news: the first such answer, or one that differs from the last reported. An outage is
         * not reported here.
         *
         * @param before the value loaded before (still served when {@code failure} is "unusable"),
         *     or null
         */
        void failed(K key, @Nullable V before, GatewayException failure);
    }

    private final String what;
    private final String kind;
    private final Function<K, CompletionStage<V>> load;
    private final CachingKeySource.Settings settings;
    private final KeyCacheListener listener;
    private final Ticker ticker;
    private final AsyncLoadingCache<K, Entry<V>> cache;
    private final java.util.Map<K, Long> lastForced = new java.util.concurrent.ConcurrentHashMap<>();
    private final Events<K, V> events;
    /** The failure last reported per key (its message), until the key loads again. */
    private final java.util.Map<K, String> reported = new java.util.concurrent.ConcurrentHashMap<>();

    CacheTier(
            String what,
            String kind,
            Function<K, CompletionStage<V>> load,
            CachingKeySource.Settings settings,
            KeyCacheListener listener,
            Ticker ticker,
            Events<K, V> events) {
        this.events = events;
        this.what = what;
        this.kind = kind;
        this.load = load;
        this.settings = settings;
        this.listener = listener;
        this.ticker = ticker;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                // Loads are the sources' own async calls and never block; running Caffeine's
                // bookkeeping inline keeps a hit on the caller's thread.
                .executor(Runnable::run)
                .refreshAfterWrite(settings.refreshAfter())
                .expireAfter(new HardExpiry())
                .recordStats(HitCounter::new)
                .buildAsync(new Loader());
    }

    CompletableFuture<V> get(K key) {
        return cache.get(key).thenApply(e -> {
            if (e.stale()) {
                listener.servedStale();
            }
            return e.valueOrThrow();
        });
    }

    /**
     * The value reloaded from the source now, unless a forced reload of {@code key} started less
     * than {@code minInterval} ago (then the cached value, or the reload in flight): a caller that
     * saw a key version the cache does not know may ask once, but cannot make the source busy.
     */
    CompletableFuture<V> reloaded(K key, long minIntervalNanos) {
        long now = ticker.read();
        Long previous = lastForced.get(key);
        if (previous != null && now - previous < minIntervalNanos) {
            return get(key);
        }
        lastForced.put(key, now);
        return cache.synchronous().refresh(key).thenApply(Entry::valueOrThrow);
    }

    /**
     * The value loaded from the source now (joining a load or refresh in flight), for a caller
     * that must not act on a cached answer: a failed refresh of a loaded value still yields that
     * value (marked stale), as {@link #get} would.
     */
    CompletableFuture<V> fresh(K key) {
        return cache.synchronous().refresh(key).thenApply(Entry::valueOrThrow);
    }

    /** Forgets the failure reported for {@code key}: reported again if it comes back. */
    void forgetReported(java.util.function.Predicate<K> which) {
        reported.keySet().removeIf(which);
    }

    int staleEntries() {
        int n = 0;
        for (Entry<V> e : cache.synchronous().asMap().values()) {
            if (e.stale()) {
                n++;
            }
        }
        return n;
    }

    /** Refreshes every cached key but those {@code skip} accepts; completes when all have. */
    CompletableFuture<?> refreshAll(java.util.function.Predicate<K> skip) {
        java.util.List<K> keys = cache.synchronous().asMap().keySet().stream()
                .filter(k -> !skip.test(k))
                .toList();
        return cache.synchronous().refreshAll(keys);
    }

    private final class Loader implements AsyncCacheLoader<K, Entry<V>> {
        @Override
        public CompletableFuture<Entry<V>> asyncLoad(K key, Executor executor) {
            // Never a failed future: Caffeine would log each one with its stack trace. An outage
            // is an entry that expires at once, so the calls waiting for this load share it and
            // the next call asks the source again.
            return timedLoad(key).handle((v, e) -> {
                if (e == null) {
                    succeeded(key, null, v);
                    return new Entry<>(v, null, ticker.read(), false);
                }
                GatewayException failure = failure(e);
                report(key, null, failure);
                return new Entry<>(null, failure, ticker.read(), false);
            });
        }

        @Override
        public CompletableFuture<Entry<V>> asyncReload(K key, Entry<V> old, Executor executor) {
            return timedLoad(key).handle((v, e) -> {
                if (e == null) {
                    if (old.stale() && !reported.containsKey(key)) {
                        log.info("{}: {} {} loaded again; no longer serving it stale", what, kind, key);
                    }
                    succeeded(key, old.value(), v);
                    return new Entry<>(v, null, ticker.read(), false);
                }
                GatewayException failure = failure(e);
                report(key, old.value(), failure);
                if (failure instanceof KeyNotFoundException || old.failure() != null) {
                    return new Entry<>(null, failure, ticker.read(), false);
                }
                if (!old.stale() && !answer(failure)) {
                    log.warn(
                            "{}: refreshing {} {} failed ({}); serving the cached value for at most {} after its"
                                    + " last load",
                            what,
                            kind,
                            key,
                            message(e),
                            settings.expireAfter());
                }
                // A new instance with the old load time: the hard expiry still counts from then.
                return new Entry<>(old.value(), null, old.loadedAt(), true);
            });
        }
    }

    private void succeeded(K key, @Nullable V before, V after) {
        boolean recovered = reported.remove(key) != null;
        events.loaded(key, before, after, recovered);
    }

    private void report(K key, @Nullable V before, GatewayException failure) {
        if (!answer(failure)) {
            return;
        }
        String message = String.valueOf(failure.getMessage());
        String previous = reported.put(key, message);
        if (!message.equals(previous)) {
            events.failed(key, before, failure);
        }
    }

    private CompletableFuture<V> timedLoad(K key) {
        long start = System.nanoTime();
        CompletableFuture<V> f;
        try {
            f = load.apply(key).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((v, e) -> listener.loaded(
                e == null ? "success" : failure(e) instanceof KeyNotFoundException ? "not_found" : "failure",
                System.nanoTime() - start));
    }

    /** What a caller sees for a failed load: the source's own error, or {@code KEY_UNAVAILABLE}. */
    private GatewayException failure(Throwable e) {
        Throwable t = Futures.unwrap(e);
        if (t instanceof GatewayException g) {
            return g;
        }
        log.warn("{}: a load failed unexpectedly", what, t);
        return new GatewayException(ErrorCode.KEY_UNAVAILABLE, what + ": loading a key failed (" + message(t) + ")");
    }

    private static String message(Throwable e) {
        Throwable t = Futures.unwrap(e);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Found keys expire {@code expireAfter} after their last successful load; answers ("not
     * found", "unusable") after the not-found TTL; an outage at once.
     */
    private final class HardExpiry implements Expiry<K, Entry<V>> {
        @Override
        public long expireAfterCreate(K key, Entry<V> e, long now) {
            if (e.failure() != null && !e.answered()) {
                return 0;
            }
            long ttl = (e.answered() ? settings.notFoundTtl() : settings.expireAfter()).toNanos();
            return Math.max(0, e.loadedAt() + ttl - now);
        }

        @Override
        public long expireAfterUpdate(K key, Entry<V> e, long now, long currentDuration) {
            return expireAfterCreate(key, e, now);
        }

        @Override
        public long expireAfterRead(K key, Entry<V> e, long now, long currentDuration) {
            return currentDuration;
        }
    }

    /** Caffeine's hit and miss counts go to the listener; loads are reported by {@link #timedLoad}. */
    private final class HitCounter implements StatsCounter {
        @Override
        public void recordHits(int count) {
            for (int i = 0; i < count; i++) {
                listener.hit();
            }
        }

        @Override
        public void recordMisses(int count) {
            for (int i = 0; i < count; i++) {
                listener.miss();
            }
        }

        @Override
        public void recordLoadSuccess(long loadTime) {}

        @Override
        public void recordLoadFailure(long loadTime) {}

        @Override
        public void recordEviction(int weight, com.github.benmanes.caffeine.cache.RemovalCause cause) {}

        @Override
        public CacheStats snapshot() {
            return CacheStats.empty();
        }
    }
}
