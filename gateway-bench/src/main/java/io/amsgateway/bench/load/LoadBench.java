package io.amsgateway.bench.load;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.ProviderMode;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The end-to-end load benchmark in one command (see {@code gateway-bench/run-load.sh} and {@code
 * docs/benchmarks.md}). In order: the crypto floor with the gateway's provider; the simulator and
 * the gateway as child JVMs; a warmup; mode {@code gateway} at each concurrency (the sweep that
 * finds saturation); optionally mode {@code direct} at each; both modes at the concurrency closest
 * to half of saturation, measured longer; when nginx is installed ({@link NginxProxy}, started
 * beside the gateway in front of the same simulator), mode {@code nginx} at c=1, at the half-load
 * concurrency and at the saturation concurrency; the crypto floor again. Writes {@code summary.md},
 * {@code summary.json} and the children's logs (and nginx's error log) to a new directory under
 * {@code --out}.
 *
 * <p>Exit status: 0 for a valid run (no failed call), 1 if any call failed, 2 for bad usage.
 */
public final class LoadBench {
    private static final Duration FLOOR_WARMUP = Duration.ofSeconds(3);
    private static final Duration FLOOR_MEASURE = Duration.ofSeconds(6);

    private LoadBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions opt;
        try {
            opt = BenchOptions.parse(args);
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
        Path out = BenchRuns.resultsDir(opt.out(), "load", started);
        Path work = Files.createTempDirectory("ams-load-");
        Path pidFile = opt.pidFile() != null ? opt.pidFile() : out.resolve("pids");
        System.err.println("results: " + out);
        int code;
        try {
            code = run(opt, started, out, work, pidFile);
        } finally {
            BenchRuns.deleteTree(work);
        }
        System.exit(code);
    }

    private static int run(BenchOptions opt, Instant started, Path out, Path work, Path pidFile) throws Exception {
        PayBodies bodies = new PayBodies(opt.bodySize(), Long.toString(started.getEpochSecond(), 36));
        CryptoProvider active = CryptoProvider.select(ProviderMode.AUTO);
        System.err.println("crypto floor with " + active.name() + " ...");
        CryptoFloor.Result floorStart = CryptoFloor.measure(active, bodies, FLOOR_WARMUP, FLOOR_MEASURE);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Optional<Path> nginxBinary = NginxProxy.find();
        if (nginxBinary.isEmpty()) {
            System.err.println(NginxProxy.SKIPPED);
        }
        List<PhaseResult> sweep = new ArrayList<>();
        List<PhaseResult> directSweep = new ArrayList<>();
        List<PhaseResult> nginxPhases = new ArrayList<>();
        PhaseResult halfGateway;
        PhaseResult halfDirect;
        List<PhaseResult> all;
        String gatewayCrypto;
        String transport;
        try (BenchStack stack = BenchStack.start(java, opt.jar(), work, out, pidFile);
                NginxProxy nginx = nginxBinary.isPresent()
                        ? NginxProxy.start(
                                nginxBinary.get(), work, out, pidFile, stack.simulatorPort, stack.simulatorCertificate)
                        : null;
                LoadGenerator gen = new LoadGenerator(opt.threads())) {
            Thread hook = new Thread(
                    () -> {
                        if (nginx != null) {
                            nginx.close();
                        }
                        stack.close();
                    },
                    "load-bench-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            transport = gen.transport();
            gatewayCrypto = startLine(stack.gateway.log());
            PhaseRunner runner = new PhaseRunner(stack, gen, ProcStat.ticksPerSecond(), nginx);
            PhaseRunner.Target gwTarget = new PhaseRunner.Target(stack.gatewayPort, null);
            PhaseRunner.Target simTarget = new PhaseRunner.Target(stack.simulatorPort, clientTls(stack));
            GatewayCalls gw = new GatewayCalls(bodies, stack.gatewayPort);
            DirectCalls direct = new DirectCalls(
                    bodies, BenchStack.CLIENT_ID, stack.merchantKey, stack.alipayKey, stack.simulatorPort);
            Duration second = Duration.ofSeconds(1);
            // JIT warmup of all three JVMs before anything is measured (both are reported, as phases 1 and 2).
            runner.run(gwTarget, gw, 16, Duration.ofSeconds(30), second);
            runner.run(simTarget, direct, 4, Duration.ofSeconds(15), second);
            for (int c : opt.concurrency()) {
                sweep.add(runner.run(gwTarget, gw, c, opt.warmup(), opt.measure()));
            }
            if (Verdict.at(sweep, 1) == null) {
                // The c=1 target needs a phase at one caller.
                sweep.add(runner.run(gwTarget, gw, 1, opt.warmup(), opt.measure()));
            }
            if (opt.directSweep()) {
                for (int c : opt.concurrency()) {
                    directSweep.add(runner.run(simTarget, direct, c, opt.warmup(), opt.measure()));
                }
            }
            int half = Verdict.halfConcurrency(sweep);
            System.err.println("saturation "
                    + Math.round(Verdict.saturation(sweep).throughput()) + " calls/s; half-load concurrency " + half);
            halfGateway = runner.run(gwTarget, gw, half, opt.warmup(), opt.halfMeasure());
            halfDirect = runner.run(simTarget, direct, half, opt.warmup(), opt.halfMeasure());
            if (nginx != null) {
                // What mode direct sends, through nginx: the simulator does the same work.
                DirectCalls viaNginx = new DirectCalls(
                        "nginx", bodies, BenchStack.CLIENT_ID, stack.merchantKey, stack.alipayKey, nginx.port());
                PhaseRunner.Target nginxTarget = new PhaseRunner.Target(nginx.port(), null);
                for (int c :
                        new TreeSet<>(List.of(1, half, Verdict.saturation(sweep).concurrency()))) {
                    nginxPhases.add(runner.run(nginxTarget, viaNginx, c, opt.warmup(), opt.measure()));
                }
            }
            all = runner.all();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.err.println("crypto floor again ...");
        CryptoFloor.Result floorEnd = CryptoFloor.measure(active, bodies, FLOOR_WARMUP, FLOOR_MEASURE);
        double floor = (floorStart.floorMicros() + floorEnd.floorMicros()) / 2;
        Verdict verdict = Verdict.of(
                floor,
                all,
                sweep,
                halfGateway,
                halfDirect,
                nginxPhases,
                nginxBinary.isPresent() ? null : NginxProxy.SKIPPED);
        RunInfo info = new RunInfo(
                started.toString(),
                machine(),
                gatewayCrypto,
                transport,
                bodies.size(),
                floorStart,
                floorEnd,
                nginxBinary.map(NginxProxy::describe).orElse(NginxProxy.SKIPPED));
        List<PhaseResult> curves = new ArrayList<>(sweep);
        curves.addAll(directSweep);
        curves.addAll(nginxPhases);
        PhaseResult nginxAtSaturation = verdict.nginxAtSaturation();
        double nginxMicros = nginxAtSaturation == null ? Double.NaN : nginxAtSaturation.nginxCpuMicros();
        String md = Report.markdown(info, all, verdict) + plots(out, curves, sweep, floor, nginxMicros);
        Files.writeString(out.resolve("summary.md"), md);
        Files.writeString(out.resolve("summary.json"), Report.json(info, all, verdict));
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("summary.md") + ", " + out.resolve("summary.json"));
        return verdict.valid() ? 0 : 1;
    }

    /**
     * Writes {@code latency.png} (the sweeps' percentiles against throughput, one colour per mode)
     * and {@code cpu-per-call.png} (the gateway sweep's CPU per call by thread group, with the
     * floor and, when known, floor + nginx), and returns their markdown links. A plot that cannot
     * be drawn is named in the summary instead; it does not fail the run.
     */
    static String plots(
            Path out, List<PhaseResult> curves, List<PhaseResult> gatewaySweep, double floor, double nginx) {
        StringBuilder s = new StringBuilder("\n## Plots\n\n");
        try {
            Plots.latency(
                    out.resolve("latency.png"),
                    "Latency percentiles against throughput (sweep; labels: concurrency)",
                    Plots.latencyPoints(curves));
            s.append("![latency percentiles against throughput](latency.png)\n\n");
            Plots.cpuPerCall(
                    out.resolve("cpu-per-call.png"),
                    "Gateway CPU per call by thread group",
                    Plots.cpuBars(gatewaySweep),
                    Plots.cpuMarkers(floor, nginx));
            s.append("![gateway CPU per call by thread group](cpu-per-call.png)\n");
        } catch (IOException | RuntimeException | Error e) {
            s.append("(plots not written: ").append(e).append(")\n");
        }
        return s.toString();
    }

    /** Client TLS for mode direct: trusts only the simulator's certificate, as the gateway does. */
    static SslContext clientTls(BenchStack stack) throws IOException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .trustManager(stack.simulatorCertificate.toFile())
                .build();
    }

    /** The gateway's start-up line (transport, crypto provider), or "unknown". */
    static String startLine(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("gateway listening on"))
                .map(l -> l.substring(l.indexOf("gateway listening on")))
                // a JSON log line: up to the end of the message
                .map(l -> l.indexOf('"') < 0 ? l : l.substring(0, l.indexOf('"')))
                .findFirst()
                .orElse("unknown");
    }

    static String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
