package io.amsgateway.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters shown by the control endpoint's {@code GET /state}. Thread-safe. */
final class SimulatorStats {
    final LongAdder requests = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder notificationAttempts = new LongAdder();
    final LongAdder notificationsDelivered = new LongAdder();
    final LongAdder notificationsAbandoned = new LongAdder();
    final LongAdder notificationsDropped = new LongAdder();
    /** Requests whose signature verified, by the merchant key version that signed them. */
    final Map<Integer, LongAdder> acceptedByKeyVersion = new ConcurrentSkipListMap<>();

    /** Requests authenticated with an API key (and so not signed). */
    final LongAdder acceptedByApiKey = new LongAdder();

    void accepted(int keyVersion) {
        acceptedByKeyVersion.computeIfAbsent(keyVersion, v -> new LongAdder()).increment();
    }
}
