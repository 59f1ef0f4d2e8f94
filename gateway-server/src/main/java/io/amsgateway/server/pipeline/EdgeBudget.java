package io.amsgateway.server.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The global caps of the edge ({@code gateway.limits}), shared by every caller connection: open
 * connections, and bytes held for request bodies still arriving. Lock-free and thread-safe.
 */
public final class EdgeBudget {
    private final int maxConnections;
    private final long maxBufferedBodyBytes;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();

    /**
     * @param maxConnections {@code gateway.limits.max-connections}
     * @param maxBufferedBodyBytes {@code gateway.limits.max-buffered-body-bytes}
     */
    public EdgeBudget(int maxConnections, long maxBufferedBodyBytes) {
        if (maxConnections < 1 || maxBufferedBodyBytes < 1) {
            throw new IllegalArgumentException("edge limits must be positive");
        }
        this.maxConnections = maxConnections;
        this.maxBufferedBodyBytes = maxBufferedBodyBytes;
    }

    /** Counts a new connection; false (and not counted) when the cap is reached. */
    boolean connectionOpened() {
        if (connections.incrementAndGet() > maxConnections) {
            connections.decrementAndGet();
            return false;
        }
        return true;
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    /** Reserves {@code bytes} of body buffer; false (and nothing reserved) when the cap would be passed. */
    boolean reserve(long bytes) {
        if (buffered.addAndGet(bytes) > maxBufferedBodyBytes) {
            buffered.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes) {
        buffered.addAndGet(-bytes);
    }

    /** Caller connections counted now. */
    public int connections() {
        return connections.get();
    }

    /** Bytes reserved now for bodies still arriving. */
    public long bufferedBodyBytes() {
        return buffered.get();
    }
}
