package io.amsgateway.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Runs one phase: connect, warm up, measure a window bracketed by two {@link Snapshot}s, stop.
 * Keeps every result (warmup phases too, so their failures count). Main thread only.
 */
final class PhaseRunner {
    private final BenchStack stack;
    private final LoadGenerator generator;
    private final double ticksPerSecond;
    private final @Nullable NginxProxy nginx;
    private final List<PhaseResult> all = new ArrayList<>();

    PhaseRunner(BenchStack stack, LoadGenerator generator, long ticksPerSecond) {
        this(stack, generator, ticksPerSecond, null);
    }

    /** @param nginx nginx beside the gateway, whose CPU time phases of mode {@code nginx} measure */
    PhaseRunner(BenchStack stack, LoadGenerator generator, long ticksPerSecond, @Nullable NginxProxy nginx) {
        this.stack = stack;
        this.generator = generator;
        this.ticksPerSecond = ticksPerSecond;
        this.nginx = nginx;
    }

    /** Every phase run so far, in order. */
    List<PhaseResult> all() {
        return List.copyOf(all);
    }

    /** Runs a phase against {@code target} (the gateway, or the simulator over TLS). */
    PhaseResult run(Target target, CallFactory calls, int concurrency, Duration warmup, Duration measure)
            throws InterruptedException, IOException {
        System.err.printf(
                "phase %-7s c=%-3d warmup %ds, measure %ds ...%n",
                calls.mode(), concurrency, warmup.toSeconds(), measure.toSeconds());
        PhaseResult r;
        try (LoadRun run = generator.start(target.port(), target.tls(), "127.0.0.1", calls, concurrency)) {
            Thread.sleep(warmup.toMillis());
            Snapshot a = Snapshot.take(stack, nginx);
            run.beginMeasure();
            Thread.sleep(measure.toMillis());
            LoadRun.Window w = run.endMeasure();
            Snapshot b = Snapshot.take(stack, nginx);
            run.close();
            r = result(calls.mode(), calls.bodySize(), concurrency, w, a, b, run);
        }
        all.add(r);
        System.err.printf(
                "  %.0f calls/s, p50 %.0f us, p99 %.0f us, p99.9 %.0f us, failures %d, %s CPU %.1f us/call%n",
                r.throughput(),
                r.p50Micros(),
                r.p99Micros(),
                r.p999Micros(),
                r.failureCount(),
                r.mode().equals("nginx") ? "nginx" : "gateway",
                r.mode().equals("nginx") ? r.nginxCpuMicros() : r.gatewayCpuMicros());
        return r;
    }

    private PhaseResult result(
            String mode, int bodySize, int concurrency, LoadRun.Window w, Snapshot a, Snapshot b, LoadRun run) {
        Histogram h = w.latencies();
        long calls = h.getTotalCount();
        boolean gateway = mode.equals("gateway");
        return new PhaseResult(
                mode,
                concurrency,
                w.seconds(),
                calls,
                calls / w.seconds(),
                micros(h, 50),
                micros(h, 99),
                micros(h, 99.9),
                h.getMaxValue() / 1e3,
                run.failures(),
                gateway ? cpuMicros(b.gatewayTicks() - a.gatewayTicks(), calls) : Double.NaN,
                cpuMicros(b.simulatorTicks() - a.simulatorTicks(), calls),
                cpuMicros(b.selfTicks() - a.selfTicks(), calls),
                gateway ? Snapshot.meanMicros(a, b, 0) : Double.NaN,
                gateway ? Snapshot.meanMicros(a, b, 1) : Double.NaN,
                gateway ? Snapshot.meanMicros(a, b, 2) : Double.NaN,
                gateway ? Snapshot.meanMicros(a, b, 3) : Double.NaN,
                gateway ? perCall(Snapshot.threadDelta(a, b), calls) : Map.of(),
                calls == 0 ? Double.NaN : (b.vaultRequests() - a.vaultRequests()) / calls,
                a.load1(),
                b.load1(),
                mode.equals("nginx") && a.nginx() != null && b.nginx() != null
                        ? NginxProxy.Sample.perCallMicros(a.nginx(), b.nginx(), calls)
                        : Double.NaN,
                bodySize);
    }

    private Map<String, Double> perCall(Map<String, Long> ticks, long calls) {
        Map<String, Double> out = new TreeMap<>();
        ticks.forEach((k, v) -> out.put(k, cpuMicros(v, calls)));
        return out;
    }

    private double cpuMicros(long ticks, long calls) {
        return calls == 0 ? Double.NaN : ticks / ticksPerSecond * 1e6 / calls;
    }

    private static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e3;
    }

    /** Where a mode's load goes: a port on 127.0.0.1, with client TLS or without. */
    record Target(int port, io.netty.handler.ssl.@Nullable SslContext tls) {}
}
