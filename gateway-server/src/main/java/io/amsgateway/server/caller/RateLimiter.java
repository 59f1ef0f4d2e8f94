package io.amsgateway.server.caller;

import io.amsgateway.server.config.LimitsConfig;
import java.util.concurrent.CompletableFuture;

/**
 * Where rate buckets live: in this process ({@link BucketRateLimiter}) or shared between replicas
 * ({@link RedisRateLimiter}, for limits marked {@code shared}; {@link RateLimiters#create} chooses).
 * Implementations are thread-safe. On an event loop use {@link #tryTakeAsync}: a shared store
 * answers it without blocking, while its {@link #tryTake} waits (boundedly) for Redis.
 */
public interface RateLimiter {
    /**
     * Takes one call from {@code key}'s bucket, creating the bucket (full) on first use.
     *
     * @param key the bucket's name, e.g. {@code caller:spiffe://...} or {@code profile:sea}
     * @param limit its rate and burst ({@link LimitsConfig.Limit#rateLimited()} is true)
     * @return 0 if the call may go, else the nanoseconds until the bucket has a call again
     */
    long tryTake(String key, LimitsConfig.Limit limit);

    /**
     * As {@link #tryTake}, without blocking: the in-memory store completes at once, a shared store
     * when Redis answered (on Redis's threads: continue on the call's executor) or its bounded
     * timeout passed (then with this replica's share). Never fails.
     */
    default CompletableFuture<Long> tryTakeAsync(String key, LimitsConfig.Limit limit) {
        return CompletableFuture.completedFuture(tryTake(key, limit));
    }
}
