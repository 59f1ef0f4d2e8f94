package io.amsgateway.server.metrics;

import io.amsgateway.core.key.CircuitBreakingKeySource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The circuit breakers in front of remote signers (Vault Transit, PKCS#11 tokens), per profile and
 * key source: whether each is open, the calls it failed fast, the failures that opened it and its
 * state changes. Label values are profile names, source kinds and states only.
 *
 * <p>Thread-safe; recording is lock-free.
 */
public final class SignerCircuitMetrics {
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final Counter rejected;
    private final Counter failures;
    private final Counter transitions;

    private record Circuit(String source, Supplier<String> state) {}

    /** Registers the metrics in {@code registry} (the gateway's own, beside {@link GatewayMetrics}). */
    public SignerCircuitMetrics(PrometheusRegistry registry) {
        GaugeWithCallback.builder()
                .name("gateway_signer_circuit_open")
                .help("1 while the circuit breaker in front of a remote signer is open or half-open (calls fail fast"
                        + " with KEY_UNAVAILABLE), else 0.")
                .labelNames("profile", "source")
                .callback(cb -> circuits.forEach(
                        (profile, c) -> cb.call("closed".equals(c.state().get()) ? 0 : 1, profile, c.source())))
                .register(registry);
        rejected = Counter.builder()
                .name("gateway_signer_circuit_rejected_total")
                .help("Key loads and signatures failed fast by an open signer circuit, without asking the signer.")
                .labelNames("profile", "source")
                .register(registry);
        failures = Counter.builder()
                .name("gateway_signer_failures_total")
                .help("Key loads and signatures that failed at a remote signer (Vault Transit, PKCS#11 token).")
                .labelNames("profile", "source")
                .register(registry);
        transitions = Counter.builder()
                .name("gateway_signer_circuit_transitions_total")
                .help("Signer circuit state changes, by the state entered (open, half_open, closed).")
                .labelNames("profile", "source", "state")
                .register(registry);
    }

    /** Exports the state of {@code profile}'s circuit; {@code state} is read at each scrape. */
    public void export(String profile, String source, Supplier<String> state) {
        circuits.put(profile, new Circuit(source, state));
    }

    /** The listener that counts the events of {@code profile}'s circuit. */
    public CircuitBreakingKeySource.Listener listener(String profile, String source) {
        var rejectedHere = rejected.labelValues(profile, source);
        var failuresHere = failures.labelValues(profile, source);
        return new CircuitBreakingKeySource.Listener() {
            @Override
            public void rejected() {
                rejectedHere.inc();
            }

            @Override
            public void failed() {
                failuresHere.inc();
            }

            @Override
            public void transitioned(String state) {
                transitions.labelValues(profile, source, state).inc();
            }
        };
    }
}
