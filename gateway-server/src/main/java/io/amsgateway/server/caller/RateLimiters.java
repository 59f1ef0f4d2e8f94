package io.amsgateway.server.caller;

import io.amsgateway.server.config.LimitsConfig;
import io.amsgateway.server.shared.SharedState;

/** The {@link RateLimiter} that {@code gateway.shared-state} and {@code gateway.limits} ask for. */
public final class RateLimiters {
    private RateLimiters() {}

    /**
     * In memory when shared state is in memory; else Redis for the limits marked {@code shared =
     * true} and memory for the others. For {@link CallLimits#CallLimits(LimitsConfig.Limit,
     * LimitsConfig.Limit, RateLimiter)}; call it again on a reload with the same {@code shared}.
     */
    public static RateLimiter create(SharedState shared, LimitsConfig limits) {
        int maxKeys = limits.maxTrackedCallers() + 1024;
        if (!shared.redisEnabled()) {
            return new BucketRateLimiter(maxKeys);
        }
        return new RedisRateLimiter(shared, maxKeys);
    }
}
