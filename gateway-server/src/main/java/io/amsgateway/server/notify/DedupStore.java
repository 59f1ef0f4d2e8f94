package io.amsgateway.server.notify;

import java.util.concurrent.CompletableFuture;

/**
 * Which notifications were delivered: per replica ({@link MemoryDedupStore}) or shared between
 * replicas ({@link RedisDedupStore}). A notification is first <em>claimed</em> (an atomic
 * set-if-absent, held for a short pending time while it is forwarded), then either marked
 * <em>delivered</em> (remembered for {@code dedup-window}) once the internal service took it, or
 * <em>released</em> when it did not, so that Alipay's retry is delivered.
 *
 * <p>The futures never fail and complete in bounded time: a store that cannot reach its backend
 * decides locally. Thread-safe.
 */
public interface DedupStore extends AutoCloseable {
    /** What a claim found. */
    enum Claim {
        /** Nobody had it: this caller forwards it, then calls {@link #delivered} or {@link #release}. */
        FIRST,
        /** Delivered before, within the window: acknowledge without forwarding. */
        DELIVERED,
        /** Being forwarded right now (here or by another replica): not acknowledged, Alipay sends it again. */
        IN_PROGRESS
    }

    /** Claims {@code key} (client id and the notification's digest) for forwarding. */
    CompletableFuture<Claim> claim(String key);

    /** Remembers {@code key} as delivered for the window. */
    CompletableFuture<Void> delivered(String key);

    /** Forgets a claim whose delivery failed, so that the next copy is forwarded. */
    CompletableFuture<Void> release(String key);

    @Override
    default void close() {}
}
