package io.amsgateway.bench.load;

import java.util.Map;

/**
 * One measured phase: mode and concurrency, throughput, latency percentiles of successful calls
 * (microseconds), failures (whole phase, warmup included), CPU microseconds per call of each
 * process, and the gateway's own mean sign/verify/upstream/call times (microseconds of wall time;
 * NaN in mode direct), and the gateway's CPU microseconds per call by thread group (empty in mode
 * direct).
 */
record PhaseResult(
        String mode,
        int concurrency,
        double seconds,
        long calls,
        double throughput,
        double p50Micros,
        double p99Micros,
        double p999Micros,
        double maxMicros,
        Map<String, Long> failures,
        double gatewayCpuMicros,
        double simulatorCpuMicros,
        double loadGeneratorCpuMicros,
        double gatewaySignMicros,
        double gatewayVerifyMicros,
        double gatewayUpstreamMicros,
        double gatewayCallMicros,
        Map<String, Double> gatewayThreadCpuMicros,
        double vaultRequestsPerCall,
        double load1Start,
        double load1End,
        double nginxCpuMicros,
        int bodySize) {

    long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The {@code n} thread groups that cost the gateway most CPU per call: "name us, name us, ...". */
    String topThreadGroups(int n) {
        return gatewayThreadCpuMicros.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(n)
                .map(e -> e.getKey() + ' ' + Math.round(e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
