package io.amsgateway.server.caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amsgateway.server.config.LimitsConfig;
import io.amsgateway.server.metrics.SharedStateMetrics;
import io.amsgateway.server.shared.SharedState;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Token buckets shared by every replica: Bucket4j's Redis integration for Lettuce (its
 * compare-and-swap on one key per bucket), for limits marked {@code shared}; the others stay in
 * this replica ({@link BucketRateLimiter}). Keys are {@code <key-prefix>rate:<bucket>:<rate>/<burst>},
 * so a reload with other numbers starts fresh buckets; they expire once refilled.
 *
 * <p>When Redis does not answer within its timeout, or is not connected, the call is counted in a
 * local bucket with this replica's share of the limit ({@link LimitsConfig.Limit#share}, {@code
 * gateway.shared-state.expected-replicas}), so the replicas together stay near the limit; each
 * such decision is counted and the outage logged once ({@link SharedState}). Nothing waits on an
 * event loop in {@link #tryTakeAsync}; {@link #tryTake} waits at most the command timeout.
 */
public final class RedisRateLimiter implements RateLimiter {
    private final SharedState shared;
    private final BucketRateLimiter local;
    private final int replicas;
    private final Cache<String, AsyncBucketProxy> buckets;
    private final String fallback;

    /**
     * @param maxKeys at most this many buckets are held (here, and in the local fallback)
     */
    public RedisRateLimiter(SharedState shared, int maxKeys) {
        this.shared = shared;
        this.local = new BucketRateLimiter(maxKeys);
        this.replicas = shared.config().expectedReplicas();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(Duration.ofHours(1))
                .build();
        this.fallback = "shared limits are counted per replica with 1/" + replicas
                + " of their rate (gateway.shared-state.expected-replicas)";
    }

    @Override
    public long tryTake(String key, LimitsConfig.Limit limit) {
        return tryTakeAsync(key, limit).join();
    }

    @Override
    public CompletableFuture<Long> tryTakeAsync(String key, LimitsConfig.Limit limit) {
        if (!limit.shared()) {
            return CompletableFuture.completedFuture(local.tryTake(key, limit));
        }
        AsyncProxyManager<byte[]> manager = shared.buckets();
        if (manager == null || !shared.connected()) {
            shared.failed(SharedStateMetrics.RATE_LIMIT, new IllegalStateException("not connected"), fallback);
            return CompletableFuture.completedFuture(local.tryTake(key, limit.share(replicas)));
        }
        String name = "rate:" + key + ':' + limit.rate() + '/' + limit.burst();
        CompletableFuture<io.github.bucket4j.ConsumptionProbe> probe;
        try {
            AsyncBucketProxy bucket = buckets.get(name, n -> manager.builder()
                    .build(shared.key(n), () -> CompletableFuture.completedFuture(configuration(limit))));
            probe = bucket.tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            probe = CompletableFuture.failedFuture(e);
        }
        return shared.bounded(probe).handle((p, e) -> {
            if (e != null) {
                shared.failed(SharedStateMetrics.RATE_LIMIT, e, fallback);
                return local.tryTake(key, limit.share(replicas));
            }
            shared.succeeded(SharedStateMetrics.RATE_LIMIT);
            return p.isConsumed() ? 0L : Math.max(1L, p.getNanosToWaitForRefill());
        });
    }

    private static BucketConfiguration configuration(LimitsConfig.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.rate(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
