package io.amsgateway.simulator;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
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
    /** Every header name seen on an AMS request, in lower case. */
    final Set<String> headerNames = new ConcurrentSkipListSet<>();

    /** Signed requests accepted, by the form of their Request-Time: {@code epoch-millis} or {@code iso-8601}. */
    final Map<String, LongAdder> acceptedByRequestTimeForm = new ConcurrentSkipListMap<>();

    /** Requests authenticated with an API key (and so not signed). */
    final LongAdder acceptedByApiKey = new LongAdder();

    void accepted(int keyVersion, String requestTime) {
        acceptedByKeyVersion.computeIfAbsent(keyVersion, v -> new LongAdder()).increment();
        String form = requestTime.trim().matches("\\d+") ? "epoch-millis" : "iso-8601";
        acceptedByRequestTimeForm.computeIfAbsent(form, f -> new LongAdder()).increment();
    }
}
