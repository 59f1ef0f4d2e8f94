package io.amsgateway.bench.load;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * CPU time of the three processes (and of nginx, when it runs beside them) and the gateway's own
 * timing sums at one instant; two of them bracket a measured window. The gateway's sums come from
 * its {@code /metrics} (wall time on its event loops: sign includes the signer's self-verification).
 */
record Snapshot(
        long nanos,
        long gatewayTicks,
        long simulatorTicks,
        long selfTicks,
        Map<String, Long> gatewayThreadTicks,
        double[] gatewaySums,
        double vaultRequests,
        double load1,
        NginxProxy.@Nullable Sample nginx) {
    static final String[] SERIES = {
        "gateway_sign_duration_seconds_sum", "gateway_sign_duration_seconds_count",
        "gateway_verify_duration_seconds_sum", "gateway_verify_duration_seconds_count",
        "gateway_upstream_duration_seconds_sum", "gateway_upstream_duration_seconds_count",
        "gateway_call_duration_seconds_sum", "gateway_call_duration_seconds_count"
    };

    /** {@link #SERIES} and the gateway's requests to Vault (all operations and statuses). */
    private static final String[] WITH_VAULT = withVault();

    private static String[] withVault() {
        String[] all = java.util.Arrays.copyOf(SERIES, SERIES.length + 1);
        all[SERIES.length] = "gateway_vault_requests_total";
        return all;
    }

    static Snapshot take(BenchStack stack) throws IOException, InterruptedException {
        return take(stack, null);
    }

    static Snapshot take(BenchStack stack, @Nullable NginxProxy nginxProxy) throws IOException, InterruptedException {
        NginxProxy.Sample nginxSample = nginxProxy == null ? null : nginxProxy.sample();
        Map<String, Long> threads = ProcStat.threadTicks(stack.gateway.pid());
        long gw = stack.gateway.cpuTicks();
        long sim = stack.simulator.cpuTicks();
        long self = ProcStat.cpuTicks(ProcessHandle.current().pid());
        long now = System.nanoTime();
        double[] sums = stack.admin.sums(WITH_VAULT);
        return new Snapshot(
                now,
                gw,
                sim,
                self,
                threads,
                java.util.Arrays.copyOf(sums, SERIES.length),
                sums[SERIES.length],
                ProcStat.loadAverage1(),
                nginxSample);
    }

    /** The gateway's CPU ticks per thread group between two snapshots (only groups that used any). */
    static Map<String, Long> threadDelta(Snapshot a, Snapshot b) {
        Map<String, Long> out = new TreeMap<>();
        b.gatewayThreadTicks.forEach((k, v) -> {
            long d = v - a.gatewayThreadTicks.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    /** Mean microseconds of the gateway's timer {@code index} (0 sign, 1 verify, 2 upstream, 3 call) over a window. */
    static double meanMicros(Snapshot a, Snapshot b, int index) {
        double sum = b.gatewaySums[2 * index] - a.gatewaySums[2 * index];
        double count = b.gatewaySums[2 * index + 1] - a.gatewaySums[2 * index + 1];
        return count == 0 ? Double.NaN : sum / count * 1e6;
    }
}
