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
    private final Counter decisions;

    CallerMetrics(PrometheusRegistry registry) {
        decisions = Counter.builder()
                .name("gateway_caller_decisions_total")
                .help("Decisions of the caller edge (policy and limits) by decision; would-be-* are report mode's.")
                .labelNames("decision")
                .register(registry);
    }

    /** Counts one decision. */
    public void decision(String decision) {
        decisions.labelValues(decision).inc();
    }
}
