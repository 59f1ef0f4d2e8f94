package io.amsgateway.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The caller edge's decisions: {@code gateway_caller_decisions_total{decision}}, one per audit
 * record. The label is the audit record's {@code decision} (a fixed set: allowed, forbidden,
 * unauthenticated, would-be-forbidden, would-be-unauthenticated, rate-limited,
 * concurrency-limited, invalid); never a caller's identity, which is unbounded. Thread-safe.
 */
public final class CallerMetrics {
    /** Every decision an audit record can carry; each counter exists at 0 from start-up. */
    public static final java.util.List<String> DECISIONS = java.util.List.of(
            "allowed",
            "forbidden",
            "unauthenticated",
            "would-be-forbidden",
            "would-be-unauthenticated",
            "rate-limited",
            "concurrency-limited",
            "invalid");

    private final Counter decisions;
    private volatile java.util.function.LongSupplier handshakeFailures = () -> 0;

    CallerMetrics(PrometheusRegistry registry) {
        decisions = Counter.builder()
                .name("gateway_caller_decisions_total")
                .help("Decisions of the caller edge (policy and limits) by decision; would-be-* are report mode's.")
                .labelNames("decision")
                .register(registry);
        DECISIONS.forEach(d -> decisions.labelValues(d));
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder()
                .name("gateway_listener_tls_handshake_failures_total")
                .help("TLS handshakes of callers that did not complete (client certificate refused, no common"
                        + " protocol, or closed before finishing); 0 without a TLS listener.")
                .callback(cb -> cb.call(handshakeFailures.getAsLong()))
                .register(registry);
    }

    /** Exports the TLS listener's count of failed handshakes (read at each scrape; cheap, thread-safe). */
    public void handshakeFailures(java.util.function.LongSupplier count) {
        this.handshakeFailures = count;
    }

    /** Counts one decision. */
    public void decision(String decision) {
        decisions.labelValues(decision).inc();
    }
}
