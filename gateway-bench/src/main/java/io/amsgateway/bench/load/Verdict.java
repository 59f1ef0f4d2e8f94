package io.amsgateway.bench.load;

import static io.amsgateway.bench.load.Report.f;
import static io.amsgateway.bench.load.Report.jnum;

import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The run's headline numbers and the targets of issue 15: gateway CPU per call at most 1.15x the
 * crypto floor at saturation and at most 1.2x at one caller; the gateway's non-crypto CPU per call
 * (its CPU per call minus the floor) at most 3x nginx's CPU per call proxying the same body to the
 * same TLS upstream in the same run, at the saturation concurrency (c=1 shown beside it). Also the
 * latency target of issue 4: at most 2 ms of added p99 latency (gateway p99 minus direct p99 at the
 * same concurrency) at about half of saturation throughput. A run with any failure is invalid.
 *
 * @param gatewayAtOne the last gateway phase at c=1: the half-load phase if that is at c=1 (it runs after
 *     the sweep, so later in the JIT's warmup, and longer), else the sweep's; null if there is none
 * @param nginxAtSaturation the nginx phase at the saturation concurrency, or null without nginx
 * @param nginxAtOne the nginx phase at c=1, or null without nginx
 * @param nginxSkipped why there are no nginx phases ({@link NginxProxy#SKIPPED}), or null
 */
record Verdict(
        double floorMicros,
        PhaseResult saturation,
        PhaseResult halfGateway,
        PhaseResult halfDirect,
        boolean valid,
        double load1Min,
        double load1Max,
        @Nullable PhaseResult gatewayAtOne,
        @Nullable PhaseResult nginxAtSaturation,
        @Nullable PhaseResult nginxAtOne,
        @Nullable String nginxSkipped) {
    static final double MAX_CPU_RATIO_SATURATION = 1.15;
    static final double MAX_CPU_RATIO_ONE = 1.2;
    static final double MAX_NON_CRYPTO_TO_NGINX = 3;
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

    /** Without nginx phases (the nginx lines say "not run"). */
    static Verdict of(
            double floorMicros, List<PhaseResult> all, List<PhaseResult> gatewaySweep, PhaseResult g, PhaseResult d) {
        return of(floorMicros, all, gatewaySweep, g, d, List.of(), "nginx phases not run");
    }

    /**
     * @param nginxPhases the measured phases of mode nginx (empty without nginx)
     * @param nginxSkipped why there are none, or null
     */
    static Verdict of(
            double floorMicros,
            List<PhaseResult> all,
            List<PhaseResult> gatewaySweep,
            PhaseResult g,
            PhaseResult d,
            List<PhaseResult> nginxPhases,
            @Nullable String nginxSkipped) {
        boolean valid = all.stream().allMatch(p -> p.failureCount() == 0);
        double min = all.stream()
                .mapToDouble(p -> Math.min(p.load1Start(), p.load1End()))
                .min()
                .orElse(Double.NaN);
        double max = all.stream()
                .mapToDouble(p -> Math.max(p.load1Start(), p.load1End()))
                .max()
                .orElse(Double.NaN);
        PhaseResult sat = saturation(gatewaySweep);
        return new Verdict(
                floorMicros,
                sat,
                g,
                d,
                valid,
                min,
                max,
                at(
                        java.util.stream.Stream.concat(gatewaySweep.stream(), java.util.stream.Stream.of(g))
                                .toList(),
                        1),
                at(nginxPhases, sat.concurrency()),
                at(nginxPhases, 1),
                nginxSkipped);
    }

    /** The last phase at {@code concurrency}, or null. */
    static @Nullable PhaseResult at(List<PhaseResult> phases, int concurrency) {
        PhaseResult found = null;
        for (PhaseResult p : phases) {
            if (p.concurrency() == concurrency) {
                found = p;
            }
        }
        return found;
    }

    /**
     * The gateway's CPU per call beyond the crypto floor, over nginx's CPU per call: how many pure
     * proxies the gateway's own (non-crypto) work costs. NaN if either is missing.
     */
    static double nonCryptoToNginx(double gatewayCpuMicros, double floorMicros, double nginxCpuMicros) {
        if (!Double.isFinite(gatewayCpuMicros) || !Double.isFinite(nginxCpuMicros) || nginxCpuMicros <= 0) {
            return Double.NaN;
        }
        return (gatewayCpuMicros - floorMicros) / nginxCpuMicros;
    }

    double ratioAtHalf() {
        return halfGateway.gatewayCpuMicros() / floorMicros;
    }

    double ratioAtSaturation() {
        return saturation.gatewayCpuMicros() / floorMicros;
    }

    double ratioAtOne() {
        return gatewayAtOne == null ? Double.NaN : gatewayAtOne.gatewayCpuMicros() / floorMicros;
    }

    double nginxRatioAtSaturation() {
        return nginxAtSaturation == null
                ? Double.NaN
                : nonCryptoToNginx(saturation.gatewayCpuMicros(), floorMicros, nginxAtSaturation.nginxCpuMicros());
    }

    double nginxRatioAtOne() {
        return nginxAtOne == null || gatewayAtOne == null
                ? Double.NaN
                : nonCryptoToNginx(gatewayAtOne.gatewayCpuMicros(), floorMicros, nginxAtOne.nginxCpuMicros());
    }

    double addedP99Micros() {
        return halfGateway.p99Micros() - halfDirect.p99Micros();
    }

    boolean cpuSaturationTargetMet() {
        return ratioAtSaturation() <= MAX_CPU_RATIO_SATURATION;
    }

    boolean cpuOneTargetMet() {
        return ratioAtOne() <= MAX_CPU_RATIO_ONE;
    }

    /** Both CPU-to-floor targets (a NaN, e.g. no c=1 phase, is not met). */
    boolean cpuTargetMet() {
        return cpuSaturationTargetMet() && cpuOneTargetMet();
    }

    boolean nginxTargetMet() {
        return nginxRatioAtSaturation() <= MAX_NON_CRYPTO_TO_NGINX;
    }

    boolean latencyTargetMet() {
        return addedP99Micros() <= MAX_ADDED_P99_MICROS;
    }

    String markdown() {
        double gwOne = gatewayAtOne == null ? Double.NaN : gatewayAtOne.gatewayCpuMicros();
        String s = f("- run valid (no failed call in any phase): %s%n", valid ? "yes" : "NO")
                + f(
                        "- saturation: %.0f calls/s (gateway, c=%d); half: c=%d at %.0f calls/s (direct at c=%d: %.0f calls/s)%n",
                        saturation.throughput(),
                        saturation.concurrency(),
                        halfGateway.concurrency(),
                        halfGateway.throughput(),
                        halfDirect.concurrency(),
                        halfDirect.throughput())
                + f(
                        "- gateway CPU per call / crypto floor at saturation (c=%d): %.2f (%.0f / %.0f us); target <= %.2f: %s%n",
                        saturation.concurrency(),
                        ratioAtSaturation(),
                        saturation.gatewayCpuMicros(),
                        floorMicros,
                        MAX_CPU_RATIO_SATURATION,
                        met(cpuSaturationTargetMet()))
                + f(
                        "- gateway CPU per call / crypto floor at c=1: %.2f (%.0f us); target <= %.1f: %s"
                                + " (at half load, c=%d: %.2f)%n",
                        ratioAtOne(),
                        gwOne,
                        MAX_CPU_RATIO_ONE,
                        gatewayAtOne == null ? "NOT measured (no c=1 phase)" : met(cpuOneTargetMet()),
                        halfGateway.concurrency(),
                        ratioAtHalf());
        if (nginxAtSaturation == null) {
            s += "- gateway non-crypto CPU per call / nginx CPU per call: "
                    + (nginxSkipped != null ? nginxSkipped : "no nginx phase at the saturation concurrency") + "\n";
        } else {
            s += f(
                    "- gateway non-crypto CPU per call / nginx CPU per call at saturation (c=%d): %.2f"
                            + " ((%.0f - %.0f) / %.1f us); at c=1: %.2f ((%.0f - %.0f) / %.1f us);"
                            + " target <= %.0f at saturation: %s%n",
                    saturation.concurrency(),
                    nginxRatioAtSaturation(),
                    saturation.gatewayCpuMicros(),
                    floorMicros,
                    nginxAtSaturation.nginxCpuMicros(),
                    nginxRatioAtOne(),
                    gwOne,
                    floorMicros,
                    nginxAtOne == null ? Double.NaN : nginxAtOne.nginxCpuMicros(),
                    MAX_NON_CRYPTO_TO_NGINX,
                    met(nginxTargetMet()));
        }
        return s
                + f(
                        "- added p99 at half: %.2f ms (gateway %.2f ms - direct %.2f ms); target <= 2 ms: %s%n",
                        addedP99Micros() / 1e3,
                        halfGateway.p99Micros() / 1e3,
                        halfDirect.p99Micros() / 1e3,
                        met(latencyTargetMet()))
                + f("- 1-minute load average during the phases: %.2f to %.2f%n", load1Min, load1Max);
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    String json() {
        return f(
                "{\"valid\": %s, \"floorMicros\": %s, \"saturationThroughput\": %s, \"saturationConcurrency\": %d,"
                        + " \"halfConcurrency\": %d, \"cpuRatioAtHalf\": %s, \"cpuRatioAtSaturation\": %s,"
                        + " \"cpuRatioAtOne\": %s, \"cpuTargetAtSaturationMet\": %s, \"cpuTargetAtOneMet\": %s,"
                        + " \"cpuTargetMet\": %s, \"nginxCpuMicrosAtSaturation\": %s, \"nginxCpuMicrosAtOne\": %s,"
                        + " \"nonCryptoToNginxAtSaturation\": %s, \"nonCryptoToNginxAtOne\": %s,"
                        + " \"nginxTargetMet\": %s, \"nginxSkipped\": %s,"
                        + " \"addedP99Micros\": %s, \"latencyTargetMet\": %s,"
                        + " \"load1Min\": %s, \"load1Max\": %s}",
                valid,
                jnum(floorMicros),
                jnum(saturation.throughput()),
                saturation.concurrency(),
                halfGateway.concurrency(),
                jnum(ratioAtHalf()),
                jnum(ratioAtSaturation()),
                jnum(ratioAtOne()),
                cpuSaturationTargetMet(),
                cpuOneTargetMet(),
                cpuTargetMet(),
                jnum(nginxAtSaturation == null ? Double.NaN : nginxAtSaturation.nginxCpuMicros()),
                jnum(nginxAtOne == null ? Double.NaN : nginxAtOne.nginxCpuMicros()),
                jnum(nginxRatioAtSaturation()),
                jnum(nginxRatioAtOne()),
                nginxTargetMet(),
                nginxSkipped == null ? "null" : Report.str(nginxSkipped),
                jnum(addedP99Micros()),
                latencyTargetMet(),
                jnum(load1Min),
                jnum(load1Max));
    }
}
