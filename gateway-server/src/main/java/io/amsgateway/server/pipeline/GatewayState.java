package io.amsgateway.server.pipeline;

import io.amsgateway.server.metrics.GatewayMetrics;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Calls in flight and whether the gateway drains, shared by every connection. Thread-safe.
 *
 * <p>A call is counted from its acceptance to its answer; once draining starts no new call is
 * accepted, so the count can only fall to zero. A call still in flight when the drain timeout
 * ends is {@linkplain #abandonAll() abandoned}: answered by the gateway with {@code
 * GATEWAY_SHUTTING_DOWN} before its connection is closed.
 */
public final class GatewayState {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Object, Supplier<Future<Void>>> calls = new ConcurrentHashMap<>();
    private final GatewayMetrics metrics;
    private volatile boolean draining;

    public GatewayState(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Counts a new call; false (and not counted) when draining.
     *
     * @param abandon answers the call with the gateway's own answer and closes its connection;
     *     completes when the connection is closed (see {@link #abandonAll()})
     */
    boolean callStarted(Object call, Supplier<Future<Void>> abandon) {
        if (draining) {
            return false;
        }
        inFlight.incrementAndGet();
        if (draining) {
            inFlight.decrementAndGet();
            return false;
        }
        calls.put(call, abandon);
        metrics.calls().callStarted();
        return true;
    }

    void callEnded(Object call) {
        calls.remove(call);
        inFlight.decrementAndGet();
        metrics.calls().callEnded();
    }

    /**
     * Answers every call still in flight with the gateway's answer ({@code GATEWAY_SHUTTING_DOWN})
     * and closes their connections; for the end of a drain.
     *
     * @return one future per call, complete when its connection is closed
     */
    public List<Future<Void>> abandonAll() {
        List<Future<Void>> closed = new ArrayList<>();
        calls.values().forEach(a -> closed.add(a.get()));
        return closed;
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
