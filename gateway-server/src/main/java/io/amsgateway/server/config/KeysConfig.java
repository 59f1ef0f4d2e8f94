package io.amsgateway.server.config;

import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.key.CircuitBreakingKeySource;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code gateway.keys}: the key cache in front of every profile's source, how long start-up
 * waits for the first keys, and the circuit breaker in front of remote signers.
 *
 * @param cache refresh, hard expiry and negative caching
 * @param startupTimeout how long start-up waits for every profile's keys before it goes on unready
 * @param signerCircuit when the circuit in front of a remote signer opens and how it probes
 * @param circuitReadiness what an open signer circuit does to readiness
 */
public record KeysConfig(
        CachingKeySource.Settings cache,
        Duration startupTimeout,
        CircuitBreakingKeySource.Settings signerCircuit,
        CircuitReadiness circuitReadiness) {

    /** The two {@code gateway.keys.signer-circuit.readiness} values. */
    public enum CircuitReadiness {
        /** An open signer circuit makes {@code /readyz} fail (standalone). */
        FAIL,
        /** An open signer circuit shows in metrics only (sidecar). */
        REPORT;

        static CircuitReadiness parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "fail" -> FAIL;
                case "report" -> REPORT;
                default -> throw new IllegalArgumentException(
                        "must be fail (an open circuit makes /readyz fail: standalone) or report (metrics and"
                                + " alert only: sidecar)");
            };
        }
    }
}
