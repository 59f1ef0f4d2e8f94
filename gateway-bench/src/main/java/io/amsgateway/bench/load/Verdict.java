package io.amsgateway.bench.load;

import static io.amsgateway.bench.load.Report.f;
import static io.amsgateway.bench.load.Report.jnum;

import java.util.Comparator;
import java.util.List;

/**
 * The run's headline numbers and the two targets of issue 4: gateway CPU per call at most 1.3x
 * the crypto floor, and at most 2 ms of added p99 latency (gateway p99 minus direct p99 at the
 * same concurrency) at about half of saturation throughput. A run with any failure is invalid.
 */
record Verdict(
        double floorMicros,
        PhaseResult saturation,
        PhaseResult halfGateway,
        PhaseResult halfDirect,
        boolean valid,
        double load1Min,
        double load1Max) {
    static final double MAX_CPU_RATIO = 1.3;
    static final double MAX_ADDED_P99_MICROS = 2_000;

    /** The sweep phase of mode gateway with the highest throughput. */
    static PhaseResult saturation(List<PhaseResult> gatewaySweep) {
        return gatewaySweep.stream()
                .max(Comparator.comparingDouble(PhaseResult::throughput))
                .orElseThrow();
    }

    /** The concurrency whose gateway throughput in the sweep was closest to half of saturation. */
    static int halfConcurrency(List<PhaseResult> gatewaySweep) {
        double half = saturation(gatewaySweep).throughput() / 2;
        return gatewaySweep.stream()
                .min(Comparator.comparingDouble(p -> Math.abs(p.throughput() - half)))
                .orElseThrow()
                .concurrency();
    }

    static Verdict of(
            double floorMicros, List<PhaseResult> all, List<PhaseResult> gatewaySweep, PhaseResult g, PhaseResult d) {
        boolean valid = all.stream().allMatch(p -> p.failureCount() == 0);
        double min = all.stream()
                .mapToDouble(p -> Math.min(p.load1Start(), p.load1End()))
                .min()
                .orElse(Double.NaN);
        double max = all.stream()
                .mapToDouble(p -> Math.max(p.load1Start(), p.load1End()))
                .max()
                .orElse(Double.NaN);
        return new Verdict(floorMicros, saturation(gatewaySweep), g, d, valid, min, max);
    }

    double ratioAtHalf() {
        return halfGateway.gatewayCpuMicros() / floorMicros;
    }

    double ratioAtSaturation() {
        return saturation.gatewayCpuMicros() / floorMicros;
    }

    double addedP99Micros() {
        return halfGateway.p99Micros() - halfDirect.p99Micros();
    }

    boolean cpuTargetMet() {
        return ratioAtHalf() <= MAX_CPU_RATIO && ratioAtSaturation() <= MAX_CPU_RATIO;
    }

    boolean latencyTargetMet() {
        return addedP99Micros() <= MAX_ADDED_P99_MICROS;
    }

    String markdown() {
        return f("- run valid (no failed call in any phase): %s%n", valid ? "yes" : "NO")
                + f(
                        "- saturation: %.0f calls/s (gateway, c=%d); half: c=%d at %.0f calls/s (direct at c=%d: %.0f calls/s)%n",
                        saturation.throughput(),
                        saturation.concurrency(),
                        halfGateway.concurrency(),
                        halfGateway.throughput(),
                        halfDirect.concurrency(),
                        halfDirect.throughput())
                + f(
                        "- gateway CPU per call / crypto floor: %.2f at half (%.0f / %.0f us), %.2f at saturation"
                                + " (%.0f us); target <= %.1f: %s%n",
                        ratioAtHalf(),
                        halfGateway.gatewayCpuMicros(),
                        floorMicros,
                        ratioAtSaturation(),
                        saturation.gatewayCpuMicros(),
                        MAX_CPU_RATIO,
                        cpuTargetMet() ? "met" : "NOT met")
                + f(
                        "- added p99 at half: %.2f ms (gateway %.2f ms - direct %.2f ms); target <= 2 ms: %s%n",
                        addedP99Micros() / 1e3,
                        halfGateway.p99Micros() / 1e3,
                        halfDirect.p99Micros() / 1e3,
                        latencyTargetMet() ? "met" : "NOT met")
                + f("- 1-minute load average during the phases: %.2f to %.2f%n", load1Min, load1Max);
    }

    String json() {
        return f(
                "{\"valid\": %s, \"floorMicros\": %s, \"saturationThroughput\": %s, \"saturationConcurrency\": %d,"
                        + " \"halfConcurrency\": %d, \"cpuRatioAtHalf\": %s, \"cpuRatioAtSaturation\": %s,"
                        + " \"cpuTargetMet\": %s, \"addedP99Micros\": %s, \"latencyTargetMet\": %s,"
                        + " \"load1Min\": %s, \"load1Max\": %s}",
                valid,
                jnum(floorMicros),
                jnum(saturation.throughput()),
                saturation.concurrency(),
                halfGateway.concurrency(),
                jnum(ratioAtHalf()),
                jnum(ratioAtSaturation()),
                cpuTargetMet(),
                jnum(addedP99Micros()),
                latencyTargetMet(),
                jnum(load1Min),
                jnum(load1Max));
    }
}
