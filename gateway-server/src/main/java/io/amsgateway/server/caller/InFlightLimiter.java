package io.amsgateway.server.caller;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts calls in flight per key. A key's entry exists only while it has calls in flight, so the
 * map is bounded by the number of calls running (itself bounded by connections). Thread-safe.
 */
final class InFlightLimiter {
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more call for {@code key} unless it already has {@code max}; whether it did. */
    boolean tryAcquire(String key, int max) {
        boolean[] acquired = {false};
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            acquired[0] = true;
            return now + 1;
        });
        return acquired[0];
    }

    /** Counts one call fewer for {@code key}. */
    void release(String key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Calls in flight for {@code key}. */
    int inFlight(String key) {
        return counts.getOrDefault(key, 0);
    }

    /** Keys with calls in flight. */
    int keys() {
        return counts.size();
    }
}
