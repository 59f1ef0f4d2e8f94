package io.amsgateway.bench.load;

import static io.amsgateway.bench.load.Report.f;
import static io.amsgateway.bench.load.Report.jnum;
import static io.amsgateway.bench.load.Report.str;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Ready time, memory and a steady run of the gateway with the chart's JVM settings ({@link
 * SoakOptions#CHART_JVM_OPTS}), in one command ({@code gateway-bench/run-load.sh soak}):
 *
 * <ol>
 *   <li>Ready time: the simulator and the gateway are started {@code --starts} times (file keys,
 *       {@link BenchStack}); each time, from just before the gateway's process is started to its
 *       first 200 from {@code /readyz} (polled every {@value AdminClient#READY_POLL_MILLIS} ms), and
 *       from the same instant to the timestamp of its "gateway listening on" log line.
 *   <li>Memory: the last gateway's RSS ({@code VmRSS}) 5 s after ready (idle), then right after a
 *       saturation phase ({@code --saturation-concurrency}, 5 s warmup plus {@code
 *       --saturation-seconds}).
 *   <li>A steady run at {@code --soak-concurrency} for {@code --soak-minutes}: every {@code
 *       --sample-seconds} a row of {@code soak.csv} (RSS, heap used after the last GC from the
 *       gateway's {@code jvm_memory_pool_collection_used_bytes}, throughput, p99, gateway CPU per
 *       call, failures so far).
 * </ol>
 *
 * <p>Verdicts: every start ready within {@link #MAX_READY}; RSS after saturation at most {@link
 * #MAX_RSS_MIB} MiB; "no growth" (see {@link Growth}): the mean RSS of the last 2 minutes at most
 * {@link #MAX_GROWTH} above that of the 2 minutes after the first, and the least-squares slope of
 * RSS after the first minute at most {@link #MAX_SLOPE_MIB_PER_MINUTE} MiB per minute. Writes
 * {@code summary.md}, {@code summary.json}, {@code soak.csv}, {@code soak.png} and each start's
 * logs ({@code start-N/}) to a new directory {@code soak-<UTC time>} under {@code --out}.
 *
 * <p>Exit status: 0 for a valid run (no failed call), 1 if any call failed, 2 for bad usage.
 */
public final class SoakBench {
    static final Duration MAX_READY = Duration.ofSeconds(1);
    static final double MAX_RSS_MIB = 160;
    static final double MAX_GROWTH = 0.05;
    static final double MAX_SLOPE_MIB_PER_MINUTE = 0.5;

    private static final Duration IDLE_SETTLE = Duration.ofSeconds(5);
    private static final Duration SATURATION_WARMUP = Duration.ofSeconds(5);
    private static final Pattern GC_FLAG = Pattern.compile("-XX:\\+Use(\\w+)GC\\b");
    private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");
    private static final Pattern TIMESTAMP = Pattern.compile("\"@timestamp\":\"([^\"]+)\"");

    private SoakBench() {}

    /** One row of {@code soak.csv}: the window that ended {@code minutes} into the steady run. */
    record Sample(
            double minutes,
            double rssMib,
            double heapAfterGcMib,
            double throughput,
            double p99Millis,
            double gatewayCpuMicros,
            long failures,
            double load1) {}

    /**
     * RSS growth over a steady run of {@code minutes}: {@code skip} = min(1, minutes / 5) minutes
     * are left out (warmup), {@code w} = min(2, (minutes - skip) / 2); baseline is the mean RSS of
     * the samples in (skip, skip + w], final that of (minutes - w, minutes]; growth = final /
     * baseline - 1; slope is the least-squares slope of RSS against time over the samples after
     * {@code skip}. A 10-minute run compares minutes 1-3 with 8-10.
     */
    record Growth(
            double skipMinutes, double windowMinutes, double baselineMib, double finalMib, double slopeMibPerMinute) {
        double growth() {
            return finalMib / baselineMib - 1;
        }

        boolean met() {
            return growth() <= MAX_GROWTH && slopeMibPerMinute <= MAX_SLOPE_MIB_PER_MINUTE;
        }

        static Growth of(List<Sample> samples, double minutes) {
            double skip = Math.min(1, minutes / 5);
            double w = Math.min(2, (minutes - skip) / 2);
            double base = mean(samples, skip, skip + w);
            double last = mean(samples, minutes - w, minutes);
            List<Sample> after =
                    samples.stream().filter(s -> s.minutes() > skip).toList();
            return new Growth(skip, w, base, last, slope(after));
        }

        private static double mean(List<Sample> samples, double from, double to) {
            return samples.stream()
                    .filter(s -> s.minutes() > from + 1e-9 && s.minutes() <= to + 1e-9)
                    .mapToDouble(Sample::rssMib)
                    .average()
                    .orElse(Double.NaN);
        }

        private static double slope(List<Sample> s) {
            if (s.size() < 2) {
                return Double.NaN;
            }
            double mx = s.stream().mapToDouble(Sample::minutes).average().orElseThrow();
            double my = s.stream().mapToDouble(Sample::rssMib).average().orElseThrow();
            double num = 0;
            double den = 0;
            for (Sample p : s) {
                num += (p.minutes() - mx) * (p.rssMib() - my);
                den += (p.minutes() - mx) * (p.minutes() - mx);
            }
            return den == 0 ? Double.NaN : num / den;
        }
    }

    /** One timed start: to the first 200 from /readyz, and to the "listening" log line (NaN if absent). */
    record Start(double readyMillis, double listeningMillis) {}

    public static void main(String[] args) throws Exception {
        SoakOptions opt;
        try {
            opt = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("usage: " + e.getMessage() + " (see SoakOptions)");
            System.exit(2);
            return;
        }
        if (BenchRuns.jarMissing(opt.jar())) {
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        Path out = BenchRuns.resultsDir(opt.out(), "soak", started);
        System.err.println("results: " + out);
        System.exit(run(opt, started, out));
    }

    private static int run(SoakOptions opt, Instant started, Path out) throws Exception {
        Path pidFile = opt.pidFile() != null ? opt.pidFile() : out.resolve("pids");
        PayBodies bodies = new PayBodies(opt.bodySize(), Long.toString(started.getEpochSecond(), 36));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        double load1Start = ProcStat.loadAverage1();
        List<Start> starts = new ArrayList<>();
        List<Start> plainStarts = new ArrayList<>();
        Path cdsDir = Files.createTempDirectory("ams-cds-");
        List<String> jvmOpts = new ArrayList<>(opt.gatewayJvmOpts());
        double trainingMillis = Double.NaN;
        warmHttpClient();
        if (opt.classDataSharing()) {
            Path archive = cdsDir.resolve("ams-gateway.jsa");
            trainingMillis = recordArchive(java, opt.jar(), archive, out.resolve("cds-training.log"));
            jvmOpts.add("-XX:SharedArchiveFile=" + archive);
        }
        try {
            for (int i = 1; i < opt.starts(); i++) {
                timeStart(java, opt, jvmOpts, out, pidFile, "start-" + i, starts);
                if (opt.classDataSharing()) {
                    timeStart(java, opt, opt.gatewayJvmOpts(), out, pidFile, "plain-start-" + i, plainStarts);
                }
            }
            if (opt.classDataSharing()) {
                timeStart(java, opt, opt.gatewayJvmOpts(), out, pidFile, "plain-start-" + opt.starts(), plainStarts);
            }
        } catch (Exception e) {
            BenchRuns.deleteTree(cdsDir);
            throw e;
        }
        Path work = Files.createTempDirectory("ams-soak-");
        double idleRss;
        double idleHeap;
        PhaseResult saturation;
        double saturationRss;
        double saturationHeap;
        List<Sample> samples = new ArrayList<>();
        Map<String, Long> failures;
        Path lastLog;
        boolean valid;
        try (BenchStack stack = startTimed(java, opt, jvmOpts, work, out, pidFile, "start-" + opt.starts(), starts);
                LoadGenerator gen = new LoadGenerator(opt.threads())) {
            Thread hook = new Thread(stack::close, "soak-bench-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            lastLog = stack.gateway.log();
            long pid = stack.gateway.pid();
            Thread.sleep(IDLE_SETTLE.toMillis());
            idleRss = mib(ProcStat.rssKib(pid) * 1024.0);
            idleHeap = heapAfterGcMib(stack);
            System.err.printf("idle: RSS %.1f MiB, heap after GC %.1f MiB%n", idleRss, idleHeap);

            PhaseRunner runner = new PhaseRunner(stack, gen, ProcStat.ticksPerSecond());
            PhaseRunner.Target target = new PhaseRunner.Target(stack.gatewayPort, null);
            GatewayCalls calls = new GatewayCalls(bodies, stack.gatewayPort);
            saturation = runner.run(target, calls, opt.saturationConcurrency(), SATURATION_WARMUP, opt.saturation());
            saturationRss = mib(ProcStat.rssKib(pid) * 1024.0);
            saturationHeap = heapAfterGcMib(stack);
            System.err.printf(
                    "after saturation: RSS %.1f MiB, heap after GC %.1f MiB%n", saturationRss, saturationHeap);

            System.err.printf(
                    "steady run: c=%d for %d min, a sample every %d s ...%n",
                    opt.soakConcurrency(), opt.soak().toMinutes(), opt.sample().toSeconds());
            double ticksPerSecond = ProcStat.ticksPerSecond();
            try (LoadRun run = gen.start(stack.gatewayPort, null, "127.0.0.1", calls, opt.soakConcurrency())) {
                long t0 = System.nanoTime();
                run.beginMeasure();
                long ticks = stack.gateway.cpuTicks();
                long sampleNanos = opt.sample().toNanos();
                long end = t0 + opt.soak().toNanos();
                for (long next = t0 + sampleNanos; next <= end; next += sampleNanos) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    LoadRun.Window w = run.nextWindow();
                    long nowTicks = stack.gateway.cpuTicks();
                    Histogram h = w.latencies();
                    long n = h.getTotalCount();
                    Sample s = new Sample(
                            (System.nanoTime() - t0) / 60e9,
                            mib(ProcStat.rssKib(pid) * 1024.0),
                            heapAfterGcMib(stack),
                            n / w.seconds(),
                            n == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e6,
                            n == 0 ? Double.NaN : (nowTicks - ticks) / ticksPerSecond * 1e6 / n,
                            run.failures().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum(),
                            ProcStat.loadAverage1());
                    ticks = nowTicks;
                    samples.add(s);
                    System.err.printf(
                            "  %5.2f min: RSS %.1f MiB, heap after GC %.1f MiB, %.0f calls/s, p99 %.2f ms%n",
                            s.minutes(), s.rssMib(), s.heapAfterGcMib(), s.throughput(), s.p99Millis());
                }
                run.close();
                failures = run.failures();
            }
            valid = failures.isEmpty() && runner.all().stream().allMatch(p -> p.failureCount() == 0);
            Runtime.getRuntime().removeShutdownHook(hook);
        } finally {
            BenchRuns.deleteTree(work);
            BenchRuns.deleteTree(cdsDir);
        }
        String flags = flags(lastLog);
        Result r = new Result(
                started,
                opt,
                flags,
                starts,
                plainStarts,
                trainingMillis,
                idleRss,
                idleHeap,
                saturation,
                saturationRss,
                saturationHeap,
                samples,
                Growth.of(samples, opt.soak().toSeconds() / 60.0),
                failures,
                valid,
                load1Start,
                ProcStat.loadAverage1());
        Files.writeString(out.resolve("soak.csv"), csv(samples));
        String plotNote = "";
        try {
            SortedMap<Double, Double> rss = new TreeMap<>();
            SortedMap<Double, Double> heap = new TreeMap<>();
            samples.forEach(s -> {
                rss.put(s.minutes(), s.rssMib());
                heap.put(s.minutes(), s.heapAfterGcMib());
            });
            Map<String, SortedMap<Double, Double>> series = new LinkedHashMap<>();
            series.put("gateway RSS (VmRSS)", rss);
            series.put("heap used after GC", heap);
            Plots.overTime(
                    out.resolve("soak.png"),
                    f("Gateway memory, steady run at c=%d (%s)", opt.soakConcurrency(), gc(flags)),
                    "MiB",
                    series,
                    Map.of(f("%.0f MiB (target after saturation)", MAX_RSS_MIB), MAX_RSS_MIB));
        } catch (IOException | RuntimeException | Error e) {
            plotNote = "\n(soak.png not written: " + e + ")\n";
        }
        String md = r.markdown() + plotNote;
        Files.writeString(out.resolve("summary.md"), md);
        Files.writeString(out.resolve("summary.json"), r.json());
        System.out.print(md);
        System.out.println("\nwritten: " + out.resolve("summary.md") + ", summary.json, soak.csv, soak.png");
        return valid ? 0 : 1;
    }

    /** Starts the stack with {@code jvmOpts}, logs in {@code out/name/}, and records its times. */
    private static BenchStack startTimed(
            String java,
            SoakOptions opt,
            List<String> jvmOpts,
            Path work,
            Path out,
            Path pidFile,
            String name,
            List<Start> starts)
            throws Exception {
        Path logs = Files.createDirectories(out.resolve(name));
        BenchStack stack = BenchStack.start(java, opt.jar(), work, logs, pidFile, BenchKeys.FILE, jvmOpts);
        double ready = stack.gatewayReady.toNanos() / 1e6;
        double listening = listeningMillis(stack.gateway);
        starts.add(new Start(ready, listening));
        System.err.printf("%s: ready in %.0f ms (listening logged at %.0f ms)%n", name, ready, listening);
        return stack;
    }

    /** A timed start with {@code jvmOpts} (without the archive: the comparison starts), closed at once. */
    private static void timeStart(
            String java, SoakOptions opt, List<String> jvmOpts, Path out, Path pidFile, String name, List<Start> starts)
            throws Exception {
        Path work = Files.createTempDirectory("ams-soak-");
        try (BenchStack stack = startTimed(java, opt, jvmOpts, work, out, pidFile, name, starts)) {
            // only the start is timed
        } finally {
            BenchRuns.deleteTree(work);
        }
    }

    /**
     * Runs this JVM's readiness client ({@link AdminClient}, the JDK's {@code HttpClient}) against a
     * throwaway local server until its code is loaded and compiled. Its first use costs this JVM
     * class loading and compilation; without this that work would land in the first timed start
     * only, on the same two cores as the gateway starting (the first start was the slowest in three
     * earlier runs, 1.1 to 1.2 s against 0.93 to 1.0 s).
     */
    static void warmHttpClient() throws IOException, InterruptedException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/readyz", exchange -> {
            byte[] body = "{\"status\":\"READY\"}".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            AdminClient client = new AdminClient(server.getAddress().getPort());
            for (int i = 0; i < 300; i++) {
                if (client.status("/readyz") != 200) {
                    throw new IOException("the warm-up server did not answer 200");
                }
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * Records the class-data-sharing archive as the Dockerfile does (its {@code RUN java -jar ...
     * record-archive} line: a real {@code run} and one call, the simulator in another process), with
     * this JVM and {@code jar}; returns how long that took in milliseconds.
     */
    static double recordArchive(String java, Path jar, Path archive, Path log)
            throws IOException, InterruptedException {
        System.err.println("recording the class-data-sharing archive (record-archive) ...");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "record-archive", archive.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("recording the archive did not finish within 120 s; see " + log);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
            throw new IOException("recording the archive failed (exit " + p.exitValue() + "); see " + log);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Milliseconds from the process start to the timestamp of the gateway's "listening" log line. */
    static double listeningMillis(BenchProcess gateway) throws IOException {
        for (String line : Files.readAllLines(gateway.log(), StandardCharsets.UTF_8)) {
            if (line.contains("gateway listening on")) {
                Matcher m = TIMESTAMP.matcher(line);
                if (m.find()) {
                    Instant at = Instant.parse(m.group(1));
                    return Duration.between(gateway.startInstant(), at).toNanos() / 1e6;
                }
            }
        }
        return Double.NaN;
    }

    private static double heapAfterGcMib(BenchStack stack) throws IOException, InterruptedException {
        return mib(heapAfterGc(
                stack.admin.byLabel("jvm_memory_pool_collection_used_bytes", "pool"),
                stack.admin.byLabel("jvm_memory_pool_used_bytes", "pool")));
    }

    /**
     * The heap used after the last collection of each heap pool: the young pools' usage after
     * their last collection, and the old generation's usage as it stands (its own "after
     * collection" figure moves only with a full collection, which a gateway whose initial heap
     * fits its start-up may never have: the old generation's current usage is an upper bound on
     * what it keeps). Pools without a collection usage (non-heap) are left out.
     */
    static double heapAfterGc(Map<String, Double> collectionUsed, Map<String, Double> used) {
        double sum = 0;
        for (Map.Entry<String, Double> e : collectionUsed.entrySet()) {
            String pool = e.getKey();
            boolean old = pool.contains("Old Gen") || pool.contains("Tenured");
            sum += old ? used.getOrDefault(pool, e.getValue()) : e.getValue();
        }
        return sum;
    }

    /** The line of {@code -XX:+PrintCommandLineFlags} at the top of the gateway's log, or "". */
    static String flags(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.limit(20).filter(l -> l.contains("-XX:")).findFirst().orElse("");
        }
    }

    /** The collector named in the JVM's flags, e.g. "SerialGC", or "unknown". */
    static String gc(String flags) {
        Matcher m = GC_FLAG.matcher(flags);
        return m.find() ? m.group(1) + "GC" : "unknown GC";
    }

    static String maxHeap(String flags) {
        Matcher m = MAX_HEAP.matcher(flags);
        return m.find() ? f("%.0f MiB", mib(Double.parseDouble(m.group(1)))) : "unknown";
    }

    private static double mib(double bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static String csv(List<Sample> samples) {
        StringBuilder s = new StringBuilder(
                "minutes,rss_mib,heap_after_gc_mib,calls_per_s,p99_ms,gateway_cpu_us_per_call,failures_total,load1\n");
        for (Sample p : samples) {
            s.append(f(
                    "%.3f,%.2f,%.2f,%.1f,%.3f,%.1f,%d,%.2f%n",
                    p.minutes(),
                    p.rssMib(),
                    p.heapAfterGcMib(),
                    p.throughput(),
                    p.p99Millis(),
                    p.gatewayCpuMicros(),
                    p.failures(),
                    p.load1()));
        }
        return s.toString();
    }

    private record Result(
            Instant started,
            SoakOptions opt,
            String flags,
            List<Start> starts,
            List<Start> plainStarts,
            double trainingMillis,
            double idleRss,
            double idleHeap,
            PhaseResult saturation,
            double saturationRss,
            double saturationHeap,
            List<Sample> samples,
            Growth growth,
            Map<String, Long> failures,
            boolean valid,
            double load1Start,
            double load1End) {

        double readyMin() {
            return starts.stream().mapToDouble(Start::readyMillis).min().orElse(Double.NaN);
        }

        double readyMax() {
            return starts.stream().mapToDouble(Start::readyMillis).max().orElse(Double.NaN);
        }

        double readyMedian() {
            return median(starts);
        }

        static double median(List<Start> list) {
            List<Double> v = list.stream()
                    .map(Start::readyMillis)
                    .sorted(Comparator.naturalOrder())
                    .toList();
            int n = v.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }

        boolean readyMet() {
            return readyMax() <= MAX_READY.toMillis();
        }

        boolean rssMet() {
            return saturationRss <= MAX_RSS_MIB;
        }

        double meanThroughput() {
            return samples.stream().mapToDouble(Sample::throughput).average().orElse(Double.NaN);
        }

        String markdown() {
            StringBuilder s = new StringBuilder("# Soak: ready time, memory, steady run " + started + "\n\n");
            s.append("- gateway JVM options: `")
                    .append(String.join(" ", opt.gatewayJvmOpts()))
                    .append("` (the chart's, with its 512Mi limit emulated)\n");
            s.append("- the JVM settled on: ")
                    .append(gc(flags))
                    .append(", max heap ")
                    .append(maxHeap(flags))
                    .append(flags.isEmpty() ? "" : " (`" + flags.trim() + "`)")
                    .append('\n');
            s.append(f("- 1-minute load average: %.2f at the start, %.2f at the end%n%n", load1Start, load1End));
            s.append("## Ready time (process start to the first 200 from /readyz, polled every ")
                    .append(AdminClient.READY_POLL_MILLIS)
                    .append(
                            " ms)\n\n| start | ready ms | \"gateway listening on\" logged at ms |\n| ---: | ---: | ---: |\n");
            for (int i = 0; i < starts.size(); i++) {
                s.append(f(
                        "| %d | %.0f | %.0f |%n",
                        i + 1, starts.get(i).readyMillis(), starts.get(i).listeningMillis()));
            }
            s.append(f(
                    "%n- ready: min %.0f ms, median %.0f ms, max %.0f ms; target every start <= %d ms: %s%n",
                    readyMin(), readyMedian(), readyMax(), MAX_READY.toMillis(), readyMet() ? "met" : "NOT met"));
            s.append("- the gateway logs no start-up duration of its own; the \"listening\" column is its log"
                    + " line's timestamp minus the instant the bench started the process\n");
            if (opt.classDataSharing()) {
                s.append(f(
                        "- class-data sharing: every start above maps the archive recorded as the Dockerfile does"
                                + " (`record-archive`: a real `run` and one call, %.0f ms), as the image's"
                                + " command does (`-XX:SharedArchiveFile`)%n",
                        trainingMillis));
                s.append(f(
                        "- without the archive (each such start right after one with it, same options otherwise):"
                                + " min %.0f ms, median %.0f ms, max %.0f ms; with it the median is %.0f%% lower%n",
                        plainStarts.stream()
                                .mapToDouble(Start::readyMillis)
                                .min()
                                .orElse(Double.NaN),
                        median(plainStarts),
                        plainStarts.stream()
                                .mapToDouble(Start::readyMillis)
                                .max()
                                .orElse(Double.NaN),
                        100 * (1 - readyMedian() / median(plainStarts))));
            }
            s.append('\n');
            s.append("## Memory (MiB = 2^20 bytes; RSS is VmRSS of /proc/<pid>/status)\n\n");
            s.append("Heap used after GC: the young pools after their last collection plus the old generation as it"
                    + " stands (an upper bound on what the heap keeps; see SoakBench.heapAfterGc).\n\n");
            s.append(f(
                    "- idle, %d s after ready: RSS %.1f MiB, heap used after GC %.1f MiB%n",
                    IDLE_SETTLE.toSeconds(), idleRss, idleHeap));
            s.append(f(
                    "- after saturation (c=%d, %.0f s measured: %.0f calls/s, p99 %.2f ms, gateway CPU %.0f us/call):"
                            + " RSS %.1f MiB, heap used after GC %.1f MiB; target RSS <= %.0f MiB: %s%n%n",
                    saturation.concurrency(),
                    saturation.seconds(),
                    saturation.throughput(),
                    saturation.p99Micros() / 1e3,
                    saturation.gatewayCpuMicros(),
                    saturationRss,
                    saturationHeap,
                    MAX_RSS_MIB,
                    rssMet() ? "met" : "NOT met"));
            double minutes = opt.soak().toSeconds() / 60.0;
            s.append(f(
                    "## Steady run (c=%d, %.0f min, a sample every %d s: soak.csv)%n%n",
                    opt.soakConcurrency(), minutes, opt.sample().toSeconds()));
            s.append(f(
                    "- %d samples, mean %.0f calls/s; RSS min %.1f, max %.1f MiB%n",
                    samples.size(),
                    meanThroughput(),
                    samples.stream().mapToDouble(Sample::rssMib).min().orElse(Double.NaN),
                    samples.stream().mapToDouble(Sample::rssMib).max().orElse(Double.NaN)));
            s.append(f(
                    "- RSS growth: mean %.1f MiB over minutes %.2f-%.2f, %.1f MiB over minutes %.2f-%.2f: %+.1f%%;"
                            + " slope after minute %.2f: %+.3f MiB/min%n",
                    growth.baselineMib(),
                    growth.skipMinutes(),
                    growth.skipMinutes() + growth.windowMinutes(),
                    growth.finalMib(),
                    minutes - growth.windowMinutes(),
                    minutes,
                    growth.growth() * 100,
                    growth.skipMinutes(),
                    growth.slopeMibPerMinute()));
            s.append(f(
                    "- no growth (growth <= %.0f%% and slope <= %.1f MiB/min): %s%s%n",
                    MAX_GROWTH * 100,
                    MAX_SLOPE_MIB_PER_MINUTE,
                    growth.met() ? "met" : "NOT met",
                    minutes < 10 ? " (a run shorter than 10 minutes: indicative only)" : ""));
            s.append("- run valid (no failed call): ")
                    .append(valid ? "yes" : "NO " + failures)
                    .append("\n\n![RSS and heap over the steady run](soak.png)\n");
            return s.toString();
        }

        String json() {
            StringBuilder st = new StringBuilder("[");
            for (int i = 0; i < starts.size(); i++) {
                st.append(i == 0 ? "" : ", ")
                        .append(f(
                                "{\"readyMillis\": %s, \"listeningMillis\": %s}",
                                jnum(starts.get(i).readyMillis()),
                                jnum(starts.get(i).listeningMillis())));
            }
            st.append(']');
            String plain =
                    plainStarts.stream().map(x -> jnum(x.readyMillis())).collect(Collectors.joining(", ", "[", "]"));
            return f(
                    "{%n  \"started\": %s,%n  \"gatewayJvmOpts\": %s,%n  \"gc\": %s,%n  \"maxHeap\": %s,%n"
                            + "  \"starts\": %s,%n  \"readyMinMillis\": %s, \"readyMedianMillis\": %s,"
                            + " \"readyMaxMillis\": %s, \"readyTargetMet\": %s,%n"
                            + "  \"classDataSharing\": %s, \"archiveRecordMillis\": %s,"
                            + " \"readyWithoutArchiveMillis\": %s,%n"
                            + "  \"idleRssMib\": %s, \"idleHeapAfterGcMib\": %s,%n"
                            + "  \"saturation\": {\"concurrency\": %d, \"throughput\": %s, \"p99Micros\": %s,"
                            + " \"gatewayCpuMicrosPerCall\": %s, \"rssMib\": %s, \"heapAfterGcMib\": %s,"
                            + " \"rssTargetMet\": %s},%n"
                            + "  \"soak\": {\"concurrency\": %d, \"minutes\": %s, \"samples\": %d,"
                            + " \"meanThroughput\": %s, \"baselineRssMib\": %s, \"finalRssMib\": %s,"
                            + " \"growth\": %s, \"slopeMibPerMinute\": %s, \"noGrowthMet\": %s},%n"
                            + "  \"valid\": %s, \"load1Start\": %s, \"load1End\": %s%n}%n",
                    str(started.toString()),
                    str(String.join(" ", opt.gatewayJvmOpts())),
                    str(gc(flags)),
                    str(maxHeap(flags)),
                    st,
                    jnum(readyMin()),
                    jnum(readyMedian()),
                    jnum(readyMax()),
                    readyMet(),
                    opt.classDataSharing(),
                    jnum(trainingMillis),
                    plain,
                    jnum(idleRss),
                    jnum(idleHeap),
                    saturation.concurrency(),
                    jnum(saturation.throughput()),
                    jnum(saturation.p99Micros()),
                    jnum(saturation.gatewayCpuMicros()),
                    jnum(saturationRss),
                    jnum(saturationHeap),
                    rssMet(),
                    opt.soakConcurrency(),
                    jnum(opt.soak().toSeconds() / 60.0),
                    samples.size(),
                    jnum(meanThroughput()),
                    jnum(growth.baselineMib()),
                    jnum(growth.finalMib()),
                    jnum(growth.growth()),
                    jnum(growth.slopeMibPerMinute()),
                    growth.met(),
                    valid,
                    jnum(load1Start),
                    jnum(load1End));
        }
    }
}
