package io.amsgateway.server.caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amsgateway.server.config.LimitsConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * In-memory token buckets (Bucket4j), one per key, made on first use and kept in a bounded
 * Caffeine cache: at most {@code maxKeys} buckets, least recently used dropped first, so names
 * that callers invent cannot grow memory. A dropped bucket comes back full, so the bound should be
 * well above the number of real callers. Per replica. Thread-safe; lock-free on the hot path.
 */
public final class BucketRateLimiter implements RateLimiter {
    private final Cache<String, Bucket> buckets;

    /** At most {@code maxKeys} buckets. */
    public BucketRateLimiter(int maxKeys) {
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(Duration.ofHours(1))
                .build();
    }

    @Override
    public long tryTake(String key, LimitsConfig.Limit limit) {
        // The limit is part of the key: a reload with other numbers gets fresh buckets.
        Bucket bucket = buckets.get(key + '\u0000' + limit.rate() + '/' + limit.burst(), k -> bucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    private static Bucket bucket(LimitsConfig.Limit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.rate(), Duration.ofSeconds(1))
                        .build())
                .build();
    }

    /** Buckets held now (for tests and metrics). */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
