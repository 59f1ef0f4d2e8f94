package io.amsgateway.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run as a markdown summary (printed and written to {@code summary.md}) and as JSON
 * ({@code summary.json}). Pure formatting; the verdicts are computed in {@link Verdict}.
 */
final class Report {
    private Report() {}

    static String markdown(RunInfo info, List<PhaseResult> phases, Verdict v) {
        StringBuilder s = new StringBuilder();
        s.append("# Load benchmark ").append(info.started()).append("\n\n");
        s.append("- machine: ").append(info.machine()).append('\n');
        s.append("- gateway crypto: ")
                .append(info.gatewayCrypto())
                .append("; load generator transport ")
                .append(info.transport())
                .append(", body ")
                .append(info.bodySize())
                .append(" bytes\n");
        s.append("- nginx: ").append(info.nginx()).append('\n');
        s.append(f(
                "- crypto floor (%s, sign + verify, CPU): start %.0f us (sign %.0f + verify %.0f), end %.0f us;"
                        + " mean %.0f us; signNow (what the gateway runs; for RSA the signature alone) %.0f us%n",
                info.floorStart().provider(),
                info.floorStart().floorMicros(),
                info.floorStart().signMicros(),
                info.floorStart().verifyMicros(),
                info.floorEnd().floorMicros(),
                v.floorMicros(),
                (info.floorStart().signNowMicros() + info.floorEnd().signNowMicros()) / 2));
        s.append("\n| phase | mode | conc | calls/s | p50 ms | p99 ms | p99.9 ms | max ms | failures"
                + " | gateway CPU us/call | / floor | nginx CPU us/call | sim CPU us/call | loadgen CPU us/call"
                + " | gw sign / verify / upstream / call us | load1 |\n");
        s.append(
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
                        + " --- |\n");
        int i = 0;
        for (PhaseResult p : phases) {
            s.append(f(
                    "| %d | %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %.0f | %.0f | %s | %.1f-%.1f |%n",
                    ++i,
                    p.mode(),
                    p.concurrency(),
                    p.throughput(),
                    p.p50Micros() / 1e3,
                    p.p99Micros() / 1e3,
                    p.p999Micros() / 1e3,
                    p.maxMicros() / 1e3,
                    p.failures().isEmpty() ? "0" : p.failures().toString(),
                    num(p.gatewayCpuMicros(), "%.0f"),
                    num(p.gatewayCpuMicros() / v.floorMicros(), "%.2f"),
                    num(p.nginxCpuMicros(), "%.1f"),
                    p.simulatorCpuMicros(),
                    p.loadGeneratorCpuMicros(),
                    Double.isNaN(p.gatewaySignMicros())
                            ? "-"
                            : f(
                                    "%.0f / %.0f / %.0f / %.0f",
                                    p.gatewaySignMicros(),
                                    p.gatewayVerifyMicros(),
                                    p.gatewayUpstreamMicros(),
                                    p.gatewayCallMicros()),
                    p.load1Start(),
                    p.load1End()));
        }
        s.append("\nGateway CPU us per call by thread group (from /proc/<pid>/task; mode gateway phases):\n\n");
        i = 0;
        for (PhaseResult p : phases) {
            i++;
            if (!p.gatewayThreadCpuMicros().isEmpty()) {
                s.append(f("- phase %d (c=%d): ", i, p.concurrency()));
                p.gatewayThreadCpuMicros().entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .filter(e -> e.getValue() >= 1)
                        .forEach(e -> s.append(f("%s %.0f; ", e.getKey(), e.getValue())));
                s.append('\n');
            }
        }
        s.append('\n').append(v.markdown()).append('\n');
        return s.toString();
    }

    static String json(RunInfo info, List<PhaseResult> phases, Verdict v) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"started\": ").append(str(info.started())).append(",\n");
        s.append("  \"machine\": ").append(str(info.machine())).append(",\n");
        s.append("  \"gatewayCrypto\": ").append(str(info.gatewayCrypto())).append(",\n");
        s.append("  \"bodySize\": ").append(info.bodySize()).append(",\n");
        s.append("  \"nginx\": ").append(str(info.nginx())).append(",\n");
        s.append("  \"floorStart\": ").append(floor(info.floorStart())).append(",\n");
        s.append("  \"floorEnd\": ").append(floor(info.floorEnd())).append(",\n");
        s.append("  \"verdict\": ").append(v.json()).append(",\n");
        s.append("  \"phases\": ").append(phasesJson(phases, "  ")).append("\n}\n");
        return s.toString();
    }

    /** The phases as a JSON array (one object per line, each line indented by {@code indent} plus two spaces). */
    static String phasesJson(List<PhaseResult> phases, String indent) {
        StringBuilder s = new StringBuilder("[\n");
        for (int i = 0; i < phases.size(); i++) {
            PhaseResult p = phases.get(i);
            s.append(indent).append("  ");
            s.append(f(
                    "{\"mode\": %s, \"concurrency\": %d, \"seconds\": %s, \"calls\": %d, \"throughput\": %s,"
                            + " \"p50Micros\": %s, \"p99Micros\": %s, \"p999Micros\": %s, \"maxMicros\": %s,"
                            + " \"failures\": %s, \"gatewayCpuMicrosPerCall\": %s, \"simulatorCpuMicrosPerCall\": %s,"
                            + " \"loadGeneratorCpuMicrosPerCall\": %s, \"gatewaySignMicros\": %s,"
                            + " \"gatewayVerifyMicros\": %s, \"gatewayUpstreamMicros\": %s, \"gatewayCallMicros\": %s,"
                            + " \"gatewayThreadCpuMicrosPerCall\": %s, \"vaultRequestsPerCall\": %s,"
                            + " \"load1Start\": %s, \"load1End\": %s, \"nginxCpuMicrosPerCall\": %s,"
                            + " \"bodySize\": %d}%s%n",
                    str(p.mode()),
                    p.concurrency(),
                    jnum(p.seconds()),
                    p.calls(),
                    jnum(p.throughput()),
                    jnum(p.p50Micros()),
                    jnum(p.p99Micros()),
                    jnum(p.p999Micros()),
                    jnum(p.maxMicros()),
                    failures(p.failures()),
                    jnum(p.gatewayCpuMicros()),
                    jnum(p.simulatorCpuMicros()),
                    jnum(p.loadGeneratorCpuMicros()),
                    jnum(p.gatewaySignMicros()),
                    jnum(p.gatewayVerifyMicros()),
                    jnum(p.gatewayUpstreamMicros()),
                    jnum(p.gatewayCallMicros()),
                    threads(p.gatewayThreadCpuMicros()),
                    jnum(p.vaultRequestsPerCall()),
                    jnum(p.load1Start()),
                    jnum(p.load1End()),
                    jnum(p.nginxCpuMicros()),
                    p.bodySize(),
                    i + 1 < phases.size() ? "," : ""));
        }
        return s.append(indent).append(']').toString();
    }

    private static String floor(CryptoFloor.Result r) {
        return f(
                "{\"provider\": %s, \"signMicros\": %s, \"verifyMicros\": %s, \"signNowMicros\": %s}",
                str(r.provider()), jnum(r.signMicros()), jnum(r.verifyMicros()), jnum(r.signNowMicros()));
    }

    private static String failures(Map<String, Long> m) {
        StringBuilder s = new StringBuilder("{");
        m.forEach((k, v) ->
                s.append(s.length() > 1 ? ", " : "").append(str(k)).append(": ").append(v));
        return s.append('}').toString();
    }

    private static String threads(Map<String, Double> m) {
        StringBuilder s = new StringBuilder("{");
        m.forEach((k, v) ->
                s.append(s.length() > 1 ? ", " : "").append(str(k)).append(": ").append(jnum(v)));
        return s.append('}').toString();
    }

    static String jnum(double d) {
        return Double.isFinite(d) ? f("%.3f", d) : "null";
    }

    static String str(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static String num(double d, String format) {
        return Double.isFinite(d) ? f(format, d) : "-";
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
