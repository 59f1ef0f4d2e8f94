package io.amsgateway.server.notify;

import io.amsgateway.server.metrics.SharedStateMetrics;
import io.amsgateway.server.shared.SharedState;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * De-duplication shared by every replica through Redis: a claim is {@code SET key pending NX PX
 * <pending> GET} (atomic: it either sets the key or returns what another replica wrote), a delivery
 * {@code SET key delivered PX <window>}, a release {@code DEL key}. Keys are {@code
 * <key-prefix>notify:<client id>:<SHA-256 of the body>}.
 *
 * <p>When Redis does not answer within its timeout, or is not connected, the decision is this
 * replica's ({@link MemoryDedupStore}, which also remembers every delivery made here): the
 * notification is forwarded unless this replica delivered it, so a copy that another replica
 * delivered may be forwarded again; the internal service must be idempotent, as Alipay asks of
 * every merchant. Each such decision is counted and the outage logged once ({@link SharedState}).
 */
public final class RedisDedupStore implements DedupStore {
    private static final byte[] PENDING = "pending".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELIVERED = "delivered".getBytes(StandardCharsets.US_ASCII);
    private static final String FALLBACK = "notifications are de-duplicated in this replica's window only"
            + " (a copy delivered by another replica may be forwarded again)";

    private final SharedState shared;
    private final MemoryDedupStore local;
    private final long windowMillis;
    private final long pendingMillis;

    public RedisDedupStore(SharedState shared, Duration window, Duration pending, int maxEntries) {
        this.shared = shared;
        this.local = new MemoryDedupStore(window, pending, maxEntries);
        this.windowMillis = window.toMillis();
        this.pendingMillis = pending.toMillis();
    }

    private static byte[] redisKey(SharedState shared, String key) {
        return shared.key("notify:" + key);
    }

    @Override
    public CompletableFuture<Claim> claim(String key) {
        if (local.isDelivered(key)) {
            return CompletableFuture.completedFuture(Claim.DELIVERED);
        }
        RedisClusterAsyncCommands<byte[], byte[]> redis = shared.commands();
        if (redis == null) {
            shared.failed(SharedStateMetrics.DEDUP, new IllegalStateException("not connected yet"), FALLBACK);
            return CompletableFuture.completedFuture(local.claimNow(key));
        }
        CompletableFuture<byte[]> set;
        try {
            set = redis.setGet(
                            redisKey(shared, key), PENDING, SetArgs.Builder.nx().px(pendingMillis))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            set = CompletableFuture.failedFuture(e);
        }
        return shared.bounded(set).handle((before, e) -> {
            if (e != null) {
                shared.failed(SharedStateMetrics.DEDUP, e, FALLBACK);
                return local.claimNow(key);
            }
            shared.succeeded(SharedStateMetrics.DEDUP);
            if (before == null) {
                local.claimNow(key);
                return Claim.FIRST;
            }
            if (Arrays.equals(before, DELIVERED)) {
                local.delivered(key);
                return Claim.DELIVERED;
            }
            return Claim.IN_PROGRESS;
        });
    }

    @Override
    public CompletableFuture<Void> delivered(String key) {
        local.delivered(key);
        return write(key, r -> r.set(redisKey(shared, key), DELIVERED, SetArgs.Builder.px(windowMillis)));
    }

    @Override
    public CompletableFuture<Void> release(String key) {
        local.release(key);
        return write(key, r -> r.del(redisKey(shared, key)));
    }

    private CompletableFuture<Void> write(
            String key,
            java.util.function.Function<RedisClusterAsyncCommands<byte[], byte[]>, io.lettuce.core.RedisFuture<?>>
                    command) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = shared.commands();
        if (redis == null) {
            shared.failed(SharedStateMetrics.DEDUP, new IllegalStateException("not connected yet"), FALLBACK);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?> f;
        try {
            f = command.apply(redis).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return shared.bounded(f).handle((r, e) -> {
            if (e != null) {
                shared.failed(SharedStateMetrics.DEDUP, e, FALLBACK);
            } else {
                shared.succeeded(SharedStateMetrics.DEDUP);
            }
            return null;
        });
    }
}
