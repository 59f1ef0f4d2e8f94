package io.amsgateway.simulator;

import java.util.concurrent.atomic.LongAdder;

/** Counters shown by the control endpoint's {@code GET /state}. Thread-safe. */
final class SimulatorStats {
    final LongAdder requests = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder notificationAttempts = new LongAdder();
    final LongAdder notificationsDelivered = new LongAdder();
    final LongAdder notificationsAbandoned = new LongAdder();
    final LongAdder notificationsDropped = new LongAdder();
}
