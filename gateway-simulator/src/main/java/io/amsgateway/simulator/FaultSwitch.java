package io.amsgateway.simulator;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The global fault mode set through the control endpoint (or programmatically): applies to the
 * next {@code count} answers, or to every answer until cleared. It takes precedence over the magic
 * ids of a request. Lock-free and thread-safe.
 */
public final class FaultSwitch {
    /** The active setting; remaining is -1 for "until cleared". */
    private record Active(Fault fault, long remaining) {}

    private final AtomicReference<@Nullable Active> active = new AtomicReference<>();

    /** Injects {@code fault} into the next {@code count} answers, or all of them when count is 0. */
    public void set(Fault fault, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        active.set(new Active(fault, count == 0 ? -1 : count));
    }

    /** Stops injecting. */
    public void clear() {
        active.set(null);
    }

    /** Takes the fault for one answer, or null. */
    @Nullable
    Fault next() {
        while (true) {
            Active a = active.get();
            if (a == null) {
                return null;
            }
            if (a.remaining() < 0) {
                return a.fault();
            }
            Active after = a.remaining() == 1 ? null : new Active(a.fault(), a.remaining() - 1);
            if (active.compareAndSet(a, after)) {
                return a.fault();
            }
        }
    }

    /** The active fault, or null. */
    public @Nullable Fault current() {
        Active a = active.get();
        return a == null ? null : a.fault();
    }

    /** How many answers the active fault still applies to: -1 until cleared, 0 when none. */
    public long remaining() {
        Active a = active.get();
        return a == null ? 0 : a.remaining();
    }
}
