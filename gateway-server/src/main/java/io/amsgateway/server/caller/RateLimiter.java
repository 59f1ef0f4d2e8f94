package io.amsgateway.server.caller;

import io.amsgateway.server.config.LimitsConfig;

/**
 * Where rate buckets live: in this process ({@link BucketRateLimiter}) or, later, shared between
 * replicas (a Redis-backed implementation of the same interface). Implementations are thread-safe
 * and must not block an event loop for long.
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
}
