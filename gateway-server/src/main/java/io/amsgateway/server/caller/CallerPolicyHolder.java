package io.amsgateway.server.caller;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force, replaced whole on a configuration reload (SIGHUP). A call reads {@link
 * #current()} once and decides with that policy, so calls in flight are not affected by a swap.
 * Thread-safe.
 */
public final class CallerPolicyHolder {
    private final AtomicReference<CallerPolicy> policy;

    public CallerPolicyHolder(CallerPolicy initial) {
        this.policy = new AtomicReference<>(initial);
    }

    /** The policy in force now. */
    public CallerPolicy current() {
        return policy.get();
    }

    /** Puts {@code next} in force for calls decided from now on; returns the one it replaced. */
    public CallerPolicy replace(CallerPolicy next) {
        return policy.getAndSet(next);
    }
}
