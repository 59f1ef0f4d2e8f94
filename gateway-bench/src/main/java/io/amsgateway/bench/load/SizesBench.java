package io.amsgateway.bench.load;

import static io.amsgateway.bench.load.Report.f;
import static io.amsgateway.bench.load.Report.jnum;
import static io.amsgateway.bench.load.Report.num;
import static io.amsgateway.bench.load.Report.str;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.ProviderMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Cost against work, in one run ({@code run-load.sh sizes}). Part 1, one simulator, one gateway
 * (default settings) and nginx beside it ({@link NginxProxy}, when installed): for each body size
 * of {@code --sizes} (1 KiB, 16 KiB, 64 KiB, 1 MiB) the crypto floor for that body ({@link
 * CryptoFloor}, sign + verify over its sign content), a phase of mode {@code gateway} and a phase
 * of mode {@code nginx} (what mode direct sends, through nginx) at {@code --size-concurrency} (16).
 * Part 2, for each count of {@code --event-loops} (1, 2) a fresh simulator and gateway whose JVM
 * sees that many processors ({@code -XX:ActiveProcessorCount}; the gateway has no configuration
 * key for its event loops and makes one per processor), G1 pinned so that the collector stays the
 * same, a JIT warmup and one phase at 1 KiB. Reports each subject's growth factor from the
 * smallest size against the body's ({@link Growth}). Writes {@code summary.md} and {@code
 * summary.json} to {@code --out}/sizes-&lt;UTC time&gt;.
 *
 * <p>Exit status: 0 for a valid run (no failed call), 1 if any call failed, 2 for bad usage.
 */
public final class SizesBench {
    private static final Duration FLOOR_WARMUP = Duration.ofSeconds(2);
    private static final Duration FLOOR_MEASURE = Duration.ofSeconds(3);
    /** Defaults that differ from the other benchmarks' (the user's options come after and win). */
    private static final String[] DEFAULTS = {"--jit-warmup", "20"};
    /** How the gateway's Netty event loop threads are named (truncated to 15 characters by Linux). */
    private static final String EVENT_LOOP_THREADS = "multiThreadIoEv";

    private SizesBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions opt;
        try {
            opt = BenchOptions.parse(
                    Stream.concat(Stream.of(DEFAULTS), Stream.of(args)).toArray(String[]::new));
            if (!opt.sizes().equals(opt.sizes().stream().sorted().distinct().toList())) {
                throw new IllegalArgumentException("--sizes must increase");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("usage: " + e.getMessage() + " (see BenchOptions)");
            System.exit(2);
            return;
        }
        if (BenchRuns.jarMissing(opt.jar())) {
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        Path out = BenchRuns.resultsDir(opt.out(), "sizes", started);
        Path pidFile = opt.pidFile() != null ? opt.pidFile() : out.resolve("pids");
        System.err.println("results: " + out);
        Path work = Files.createTempDirectory("ams-sizes-");
        int code;
        try {
            code = run(opt, started, out, work, pidFile);
        } finally {
            BenchRuns.deleteTree(work);
        }
        System.exit(code);
    }

    /**
     * Writes {@code cost-vs-body-size.png} (CPU per call of the floor, the gateway and nginx
     * against the body size) and returns its markdown link; a plot that cannot be drawn is named
     * instead, without failing the run.
     */
    static String plot(Path out, List<SizeRow> sizes) {
        java.util.Map<String, java.util.SortedMap<Integer, Double>> series = new java.util.LinkedHashMap<>();
        for (SizeRow r : sizes) {
            series.computeIfAbsent("crypto floor", k -> new java.util.TreeMap<>())
                    .put(r.bodySize(), r.floor().floorMicros());
            series.computeIfAbsent("gateway", k -> new java.util.TreeMap<>())
                    .put(r.bodySize(), r.gateway().gatewayCpuMicros());
            if (r.nginx() != null && Double.isFinite(r.nginx().nginxCpuMicros())) {
                series.computeIfAbsent("nginx", k -> new java.util.TreeMap<>())
                        .put(r.bodySize(), r.nginx().nginxCpuMicros());
            }
        }
        try {
            Plots.costVsBodySize(out.resolve("cost-vs-body-size.png"), "CPU per call against the body size", series);
            return "\n## Plot\n\n![CPU per call against body size](cost-vs-body-size.png)\n";
        } catch (IOException | RuntimeException e) {
            return "\n## Plot\n\ncost-vs-body-size.png could not be drawn: " + e + "\n";
        }
    }

    /** One body size: the floor for it and the two phases (nginx's null without nginx). */
    record SizeRow(int bodySize, CryptoFloor.Result floor, PhaseResult gateway, @Nullable PhaseResult nginx) {}

    /** One event-loop count: the phase at 1 KiB and how many event-loop threads the gateway had. */
    record LoopRow(int eventLoops, int eventLoopThreads, PhaseResult gateway) {}

    private static int run(BenchOptions opt, Instant started, Path out, Path work, Path pidFile) throws Exception {
        String tag = Long.toString(started.getEpochSecond(), 36);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CryptoProvider active = CryptoProvider.select(ProviderMode.AUTO);
        Optional<Path> nginxBinary = NginxProxy.find();
        if (nginxBinary.isEmpty()) {
            System.err.println(NginxProxy.SKIPPED);
        }
        int c = opt.sizeConcurrency();
        Duration second = Duration.ofSeconds(1);
        List<SizeRow> sizes = new ArrayList<>();
        List<LoopRow> loops = new ArrayList<>();
        List<PhaseResult> all = new ArrayList<>();
        String gatewayCrypto;
        String transport;
        Path sizesLogs = Files.createDirectories(out.resolve("sizes"));
        Path sizesWork = Files.createDirectories(work.resolve("sizes"));
        try (BenchStack stack = BenchStack.start(java, opt.jar(), sizesWork, sizesLogs, pidFile);
                NginxProxy nginx = nginxBinary.isPresent()
                        ? NginxProxy.start(
                                nginxBinary.get(),
                                sizesWork,
                                sizesLogs,
                                pidFile,
                                stack.simulatorPort,
                                stack.simulatorCertificate)
                        : null;
                LoadGenerator gen = new LoadGenerator(opt.threads())) {
            transport = gen.transport();
            gatewayCrypto = LoadBench.startLine(stack.gateway.log());
            PhaseRunner runner = new PhaseRunner(stack, gen, ProcStat.ticksPerSecond(), nginx);
            PhaseRunner.Target gwTarget = new PhaseRunner.Target(stack.gatewayPort, null);
            PayBodies small = new PayBodies(opt.sizes().get(0), tag + "w");
            System.err.println("JIT warmup ...");
            runner.run(gwTarget, new GatewayCalls(small, stack.gatewayPort), 16, opt.jitWarmup(), second);
            if (nginx != null) {
                runner.run(
                        new PhaseRunner.Target(nginx.port(), null),
                        viaNginx(small, stack, nginx),
                        4,
                        Duration.ofSeconds(Math.max(1, opt.jitWarmup().toSeconds() / 2)),
                        second);
            }
            for (int size : opt.sizes()) {
                PayBodies bodies = new PayBodies(size, tag + "s" + size);
                System.err.println("crypto floor with " + active.name() + " for " + Growth.size(size) + " ...");
                CryptoFloor.Result floor = CryptoFloor.measure(active, bodies, FLOOR_WARMUP, FLOOR_MEASURE);
                PhaseResult g = runner.run(
                        gwTarget, new GatewayCalls(bodies, stack.gatewayPort), c, opt.warmup(), opt.measure());
                PhaseResult n = nginx == null
                        ? null
                        : runner.run(
                                new PhaseRunner.Target(nginx.port(), null),
                                viaNginx(bodies, stack, nginx),
                                c,
                                opt.warmup(),
                                opt.measure());
                sizes.add(new SizeRow(size, floor, g, n));
            }
            all.addAll(runner.all());
        }
        PayBodies first = new PayBodies(opt.sizes().get(0), tag + "l");
        for (int n : opt.eventLoops()) {
            Path logs = Files.createDirectories(out.resolve("event-loops-" + n));
            Path w = Files.createDirectories(work.resolve("event-loops-" + n));
            List<String> jvm = List.of("-XX:ActiveProcessorCount=" + n, "-XX:+UseG1GC");
            try (BenchStack stack = BenchStack.start(java, opt.jar(), w, logs, pidFile, BenchKeys.FILE, jvm);
                    LoadGenerator gen = new LoadGenerator(opt.threads())) {
                PhaseRunner runner = new PhaseRunner(stack, gen, ProcStat.ticksPerSecond());
                PhaseRunner.Target target = new PhaseRunner.Target(stack.gatewayPort, null);
                GatewayCalls calls = new GatewayCalls(first, stack.gatewayPort);
                System.err.println(n + " event loop(s): JIT warmup ...");
                runner.run(target, calls, 16, opt.jitWarmup(), second);
                PhaseResult r = runner.run(target, calls, c, opt.warmup(), opt.measure());
                loops.add(new LoopRow(n, ProcStat.threadCount(stack.gateway.pid(), EVENT_LOOP_THREADS), r));
                all.addAll(runner.all());
            }
        }
        boolean valid = all.stream().allMatch(p -> p.failureCount() == 0);
        String nginxLine = nginxBinary.map(NginxProxy::describe).orElse(NginxProxy.SKIPPED);
        String md =
                markdown(started, gatewayCrypto, transport, nginxLine, c, sizes, loops, all, valid) + plot(out, sizes);
        Files.writeString(out.resolve("summary.md"), md);
        Files.writeString(
                out.resolve("summary.json"), json(started, gatewayCrypto, nginxLine, c, sizes, loops, all, valid));
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("summary.md") + ", " + out.resolve("summary.json"));
        return valid ? 0 : 1;
    }

    private static DirectCalls viaNginx(PayBodies bodies, BenchStack stack, NginxProxy nginx) {
        return new DirectCalls("nginx", bodies, BenchStack.CLIENT_ID, stack.merchantKey, stack.alipayKey, nginx.port());
    }

    /** The growth of each subject over the sizes (nginx's only if it ran). */
    static List<Growth> growth(List<SizeRow> rows) {
        List<Integer> sizes = rows.stream().map(SizeRow::bodySize).toList();
        List<Growth> out = new ArrayList<>();
        out.add(Growth.of(
                "the crypto floor",
                sizes,
                rows.stream().map(r -> r.floor().floorMicros()).toList()));
        out.add(Growth.of(
                "gateway CPU per call",
                sizes,
                rows.stream().map(r -> r.gateway().gatewayCpuMicros()).toList()));
        out.add(Growth.of(
                "gateway non-crypto CPU per call (gateway - floor)",
                sizes,
                rows.stream()
                        .map(r -> r.gateway().gatewayCpuMicros() - r.floor().floorMicros())
                        .toList()));
        if (rows.stream().allMatch(r -> r.nginx() != null)) {
            out.add(Growth.of(
                    "nginx CPU per call",
                    sizes,
                    rows.stream().map(r -> r.nginx().nginxCpuMicros()).toList()));
        }
        return out;
    }

    static String markdown(
            Instant started,
            String gatewayCrypto,
            String transport,
            String nginxLine,
            int concurrency,
            List<SizeRow> sizes,
            List<LoopRow> loops,
            List<PhaseResult> all,
            boolean valid) {
        StringBuilder s = new StringBuilder("# Cost against body size and event loops " + started + "\n\n");
        s.append("- machine: ").append(LoadBench.machine()).append('\n');
        s.append("- gateway crypto: ")
                .append(gatewayCrypto)
                .append("; load generator transport ")
                .append(transport)
                .append('\n');
        s.append("- nginx: ").append(nginxLine).append('\n');
        s.append(f(
                "- every phase at c=%d; run valid (no failed call in any phase): %s%n",
                concurrency, valid ? "yes" : "NO"));
        s.append(f(
                "- 1-minute load average during the phases: %.2f to %.2f%n",
                all.stream()
                        .mapToDouble(p -> Math.min(p.load1Start(), p.load1End()))
                        .min()
                        .orElse(Double.NaN),
                all.stream()
                        .mapToDouble(p -> Math.max(p.load1Start(), p.load1End()))
                        .max()
                        .orElse(Double.NaN)));
        s.append("\n## CPU per call against body size\n\n");
        s.append("| body | floor us (sign + verify) | gateway CPU us/call | / floor | gateway - floor us"
                + " | gateway calls/s | gateway p50 / p99 ms | nginx CPU us/call | nginx calls/s"
                + " | sim CPU us/call (gateway / nginx phase) | failures |\n");
        s.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (SizeRow r : sizes) {
            PhaseResult g = r.gateway();
            PhaseResult n = r.nginx();
            s.append(f(
                    "| %s | %.0f (%.0f + %.0f) | %.0f | %.2f | %.0f | %.0f | %.2f / %.2f | %s | %s | %.0f / %s | %d |%n",
                    Growth.size(r.bodySize()),
                    r.floor().floorMicros(),
                    r.floor().signMicros(),
                    r.floor().verifyMicros(),
                    g.gatewayCpuMicros(),
                    g.gatewayCpuMicros() / r.floor().floorMicros(),
                    g.gatewayCpuMicros() - r.floor().floorMicros(),
                    g.throughput(),
                    g.p50Micros() / 1e3,
                    g.p99Micros() / 1e3,
                    n == null ? "-" : num(n.nginxCpuMicros(), "%.1f"),
                    n == null ? "-" : f("%.0f", n.throughput()),
                    g.simulatorCpuMicros(),
                    n == null ? "-" : f("%.0f", n.simulatorCpuMicros()),
                    g.failureCount() + (n == null ? 0 : n.failureCount())));
        }
        if (sizes.stream().anyMatch(r -> r.nginx() == null)) {
            s.append('\n').append(NginxProxy.SKIPPED).append('\n');
        }
        s.append("\n## Growth from ")
                .append(sizes.isEmpty() ? "-" : Growth.size(sizes.get(0).bodySize()))
                .append(" (cost factor against body factor; marginal us per added KiB)\n\n");
        List<Growth> growth = sizes.isEmpty() ? List.of() : growth(sizes);
        s.append("| subject |");
        for (SizeRow r : sizes) {
            s.append(' ').append(Growth.size(r.bodySize())).append(" |");
        }
        s.append("\n| --- |");
        sizes.forEach(r -> s.append(" ---: |"));
        s.append('\n');
        for (Growth gr : growth) {
            s.append("| ").append(gr.subject()).append(" |");
            for (Growth.Point p : gr.points()) {
                if (Double.isNaN(p.stepFactor())) {
                    s.append(f(" %.0f us |", p.cost()));
                } else {
                    s.append(f(
                            " %.0f us, x%.2f / x%.0f%s; %.2f us/KiB |",
                            p.cost(),
                            p.factor(),
                            p.bodyFactor(),
                            p.fasterThanBody() ? " (faster)" : "",
                            p.marginalMicrosPerKiB()));
                }
            }
            s.append('\n');
        }
        s.append('\n');
        for (Growth gr : growth) {
            s.append("- ").append(gr.verdict()).append('\n');
        }
        s.append("\n## Event loops (gateway at ")
                .append(sizes.isEmpty() ? "1 KiB" : Growth.size(sizes.get(0).bodySize()))
                .append(f(", c=%d; -XX:ActiveProcessorCount=N -XX:+UseG1GC)%n%n", concurrency));
        s.append("| event loops | event-loop threads seen | calls/s | p50 ms | p99 ms | gateway CPU us/call"
                + " | sim CPU us/call | top thread groups us/call | failures |\n");
        s.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |\n");
        for (LoopRow l : loops) {
            PhaseResult g = l.gateway();
            s.append(f(
                    "| %d | %d | %.0f | %.2f | %.2f | %.0f | %.0f | %s | %d |%n",
                    l.eventLoops(),
                    l.eventLoopThreads(),
                    g.throughput(),
                    g.p50Micros() / 1e3,
                    g.p99Micros() / 1e3,
                    g.gatewayCpuMicros(),
                    g.simulatorCpuMicros(),
                    g.topThreadGroups(4),
                    g.failureCount()));
        }
        s.append("\n(Event-loop threads seen: the gateway's threads named multiThreadIoEventLoopGroup-*,"
                + " i.e. the worker loops plus the listener's acceptor and the admin server's loops.)\n");
        s.append(
                "\n## Every phase\n\n| mode | body | conc | calls/s | p50 ms | p99 ms | gateway CPU us/call"
                        + " | nginx CPU us/call | failures |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (PhaseResult p : all) {
            s.append(f(
                    "| %s | %s | %d | %.0f | %.2f | %.2f | %s | %s | %s |%n",
                    p.mode(),
                    Growth.size(p.bodySize()),
                    p.concurrency(),
                    p.throughput(),
                    p.p50Micros() / 1e3,
                    p.p99Micros() / 1e3,
                    num(p.gatewayCpuMicros(), "%.0f"),
                    num(p.nginxCpuMicros(), "%.1f"),
                    p.failures().isEmpty() ? "0" : p.failures().toString()));
        }
        return s.toString();
    }

    static String json(
            Instant started,
            String gatewayCrypto,
            String nginxLine,
            int concurrency,
            List<SizeRow> sizes,
            List<LoopRow> loops,
            List<PhaseResult> all,
            boolean valid) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"started\": ").append(str(started.toString())).append(",\n");
        s.append("  \"machine\": ").append(str(LoadBench.machine())).append(",\n");
        s.append("  \"gatewayCrypto\": ").append(str(gatewayCrypto)).append(",\n");
        s.append("  \"nginx\": ").append(str(nginxLine)).append(",\n");
        s.append("  \"concurrency\": ").append(concurrency).append(",\n");
        s.append("  \"valid\": ").append(valid).append(",\n");
        s.append("  \"sizes\": [\n");
        for (int i = 0; i < sizes.size(); i++) {
            SizeRow r = sizes.get(i);
            PhaseResult n = r.nginx();
            s.append(f(
                    "    {\"bodySize\": %d, \"floorMicros\": %s, \"signMicros\": %s, \"verifyMicros\": %s,"
                            + " \"signNowMicros\": %s, \"gatewayCpuMicrosPerCall\": %s, \"gatewayThroughput\": %s,"
                            + " \"nginxCpuMicrosPerCall\": %s, \"nginxThroughput\": %s}%s%n",
                    r.bodySize(),
                    jnum(r.floor().floorMicros()),
                    jnum(r.floor().signMicros()),
                    jnum(r.floor().verifyMicros()),
                    jnum(r.floor().signNowMicros()),
                    jnum(r.gateway().gatewayCpuMicros()),
                    jnum(r.gateway().throughput()),
                    jnum(n == null ? Double.NaN : n.nginxCpuMicros()),
                    jnum(n == null ? Double.NaN : n.throughput()),
                    i + 1 < sizes.size() ? "," : ""));
        }
        s.append("  ],\n  \"growth\": [\n");
        List<Growth> growth = sizes.isEmpty() ? List.of() : growth(sizes);
        for (int i = 0; i < growth.size(); i++) {
            Growth g = growth.get(i);
            s.append("    {\"subject\": ")
                    .append(str(g.subject()))
                    .append(", \"verdict\": ")
                    .append(str(g.verdict()))
                    .append(", \"points\": [");
            for (int j = 0; j < g.points().size(); j++) {
                Growth.Point p = g.points().get(j);
                s.append(f(
                        "%s{\"bodySize\": %d, \"cost\": %s, \"factor\": %s, \"bodyFactor\": %s,"
                                + " \"fasterThanBody\": %s, \"stepFactor\": %s, \"stepBodyFactor\": %s,"
                                + " \"marginalMicrosPerKiB\": %s}",
                        j == 0 ? "" : ", ",
                        p.bodySize(),
                        jnum(p.cost()),
                        jnum(p.factor()),
                        jnum(p.bodyFactor()),
                        p.fasterThanBody(),
                        jnum(p.stepFactor()),
                        jnum(p.stepBodyFactor()),
                        jnum(p.marginalMicrosPerKiB())));
            }
            s.append("]}").append(i + 1 < growth.size() ? "," : "").append('\n');
        }
        s.append("  ],\n  \"eventLoops\": [\n");
        for (int i = 0; i < loops.size(); i++) {
            LoopRow l = loops.get(i);
            s.append(f(
                    "    {\"eventLoops\": %d, \"eventLoopThreads\": %d, \"throughput\": %s,"
                            + " \"gatewayCpuMicrosPerCall\": %s, \"p50Micros\": %s, \"p99Micros\": %s}%s%n",
                    l.eventLoops(),
                    l.eventLoopThreads(),
                    jnum(l.gateway().throughput()),
                    jnum(l.gateway().gatewayCpuMicros()),
                    jnum(l.gateway().p50Micros()),
                    jnum(l.gateway().p99Micros()),
                    i + 1 < loops.size() ? "," : ""));
        }
        s.append("  ],\n  \"phases\": ").append(Report.phasesJson(all, "  ")).append("\n}\n");
        return s.toString();
    }
}
