package io.amsgateway.server.notify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * This replica's window: claims and deliveries in a bounded Caffeine cache (at most {@code
 * maxEntries}, least recently used first out), a claim for {@code pending}, a delivery for {@code
 * window}. Lock-free; futures are complete when returned.
 */
public final class MemoryDedupStore implements DedupStore {
    private enum State {
        PENDING,
        DELIVERED
    }

    private final Cache<String, State> entries;

    public MemoryDedupStore(Duration window, Duration pending, int maxEntries) {
        long windowNanos = window.toNanos();
        long pendingNanos = pending.toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, State>() {
                    @Override
                    public long expireAfterCreate(String key, State value, long currentTime) {
                        return value == State.PENDING ? pendingNanos : windowNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String key, State value, long currentTime, long currentDuration) {
                        return value == State.PENDING ? pendingNanos : windowNanos;
                    }

                    @Override
                    public long expireAfterRead(String key, State value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public CompletableFuture<Claim> claim(String key) {
        return CompletableFuture.completedFuture(claimNow(key));
    }

    /** The claim, decided now. */
    Claim claimNow(String key) {
        State before = entries.asMap().putIfAbsent(key, State.PENDING);
        if (before == null) {
            return Claim.FIRST;
        }
        return before == State.DELIVERED ? Claim.DELIVERED : Claim.IN_PROGRESS;
    }

    /** Whether {@code key} is known here as delivered. */
    boolean isDelivered(String key) {
        return entries.getIfPresent(key) == State.DELIVERED;
    }

    @Override
    public CompletableFuture<Void> delivered(String key) {
        entries.put(key, State.DELIVERED);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> release(String key) {
        entries.asMap().remove(key, State.PENDING);
        return CompletableFuture.completedFuture(null);
    }
}
