package io.amsgateway.server.pipeline;

import io.amsgateway.server.metrics.GatewayMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls in flight and whether the gateway drains, shared by every connection. Thread-safe.
 *
 * <p>A call is counted from its acceptance to its answer; once draining starts no new call is
 * accepted, so the count can only fall to zero.
 */
public final class GatewayState {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final GatewayMetrics metrics;
    private volatile boolean draining;

    public GatewayState(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Counts a new call; false (and not counted) when draining. */
    boolean callStarted() {
        if (draining) {
            return false;
        }
        inFlight.incrementAndGet();
        if (draining) {
            inFlight.decrementAndGet();
            return false;
        }
        metrics.calls().callStarted();
        return true;
    }

    void callEnded() {
        inFlight.decrementAndGet();
        metrics.calls().callEnded();
    }

    /** Stops accepting calls. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    public int inFlight() {
        return inFlight.get();
    }
}
