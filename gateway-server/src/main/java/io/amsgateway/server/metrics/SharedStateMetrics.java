package io.amsgateway.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BooleanSupplier;

/**
 * Shared state ({@code gateway.shared-state}): whether Redis is configured but unreachable, and the
 * decisions taken locally because Redis did not answer in time, by use ({@code dedup}: a
 * notification de-duplicated in this replica's window only; {@code rate-limit}: a shared limit
 * counted with this replica's share). Exported in both modes (in memory: always 0), both uses from
 * zero. Thread-safe; recording is lock-free.
 */
public final class SharedStateMetrics {
    /** The use of a notification's de-duplication. */
    public static final String DEDUP = "dedup";
    /** The use of a shared rate limit. */
    public static final String RATE_LIMIT = "rate-limit";

    private final CounterDataPoint dedupFallbacks;
    private final CounterDataPoint rateFallbacks;

    /** Registers the metrics in {@code registry}; {@code unavailable} is read at each scrape. */
    public SharedStateMetrics(PrometheusRegistry registry, BooleanSupplier unavailable) {
        GaugeWithCallback.builder()
                .name("gateway_shared_state_unavailable")
                .help("1 while gateway.shared-state is Redis and no connection to it is open (decisions are then"
                        + " taken per replica), else 0; always 0 with shared state in memory.")
                .callback(cb -> cb.call(unavailable.getAsBoolean() ? 1 : 0))
                .register(registry);
        Counter fallbacks = Counter.builder()
                .name("gateway_shared_state_fallbacks_total")
                .help("Decisions taken per replica because the shared-state Redis did not answer in time or"
                        + " was unreachable: dedup (this replica's window, the notification forwarded) and"
                        + " rate-limit (this replica's share of a shared limit).")
                .labelNames("use")
                .register(registry);
        dedupFallbacks = fallbacks.labelValues(DEDUP);
        rateFallbacks = fallbacks.labelValues(RATE_LIMIT);
    }

    /** Counts one decision of {@code use} taken locally. */
    public void fallback(String use) {
        (DEDUP.equals(use) ? dedupFallbacks : rateFallbacks).inc();
    }
}
