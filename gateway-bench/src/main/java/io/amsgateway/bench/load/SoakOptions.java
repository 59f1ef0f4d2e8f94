package io.amsgateway.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link SoakBench}: {@code --name value} pairs, all optional.
 *
 * <pre>
 * --jar FILE                  ams-gateway.jar (gateway-server/target/ams-gateway.jar)
 * --out DIR                   where results go; a timestamped directory is made inside (bench-results)
 * --pid-file FILE             append the children's pids here (none)
 * --starts N                  gateway starts timed to their first 200 from /readyz (5)
 * --saturation-concurrency N  connections of the saturation phase (16)
 * --saturation-seconds S      measured window of the saturation phase, after a 5 s warmup (30)
 * --soak-minutes M            length of the steady run (10)
 * --soak-concurrency N        connections of the steady run (4)
 * --sample-seconds S          one soak.csv row per this many seconds (10)
 * --body-size BYTES           exact pay request body size (1024)
 * --threads N                 load generator event loops (2)
 * --gateway-jvm-opts "..."    the gateway's JVM options ({@link #CHART_JVM_OPTS})
 * --class-data-sharing BOOL   record a class-data-sharing archive as the Dockerfile does and map it
 *                             in every start, as the image's command does; each start is then
 *                             followed by one without it, for comparison (true)
 * </pre>
 */
record SoakOptions(
        Path jar,
        Path out,
        @Nullable Path pidFile,
        int starts,
        int saturationConcurrency,
        Duration saturation,
        Duration soak,
        int soakConcurrency,
        Duration sample,
        int bodySize,
        int threads,
        List<String> gatewayJvmOpts,
        boolean classDataSharing) {

    /**
     * The chart's command line ({@code helm/templates/_pod.tpl}: {@code -XX:MaxRAMPercentage=50.0
     * -XX:InitialRAMPercentage=10.0 -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000})
     * under its 512Mi memory limit, emulated outside a container:
     * {@code -XX:MaxRAM=512m} sizes the heap as the limit would (256 MiB), and {@code
     * -XX:+UseSerialGC} is the collector the JVM picks by itself in a 512Mi container (below about
     * 1.8 GB of memory it is not a "server-class machine", so no G1); outside one, with {@code
     * MaxRAM} alone, it would pick G1 on this machine's 23 GiB. {@code -XX:+PrintCommandLineFlags}
     * writes the flags the JVM settled on to the top of {@code gateway.log}.
     */
    static final List<String> CHART_JVM_OPTS = List.of(
            "-XX:MaxRAMPercentage=50.0",
            "-XX:InitialRAMPercentage=10.0",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:TrimNativeHeapInterval=5000",
            "-XX:MaxRAM=512m",
            "-XX:+UseSerialGC",
            "-XX:+PrintCommandLineFlags");

    static SoakOptions parse(String[] args) {
        Path jar = Path.of("gateway-server/target/ams-gateway.jar");
        Path out = Path.of("bench-results");
        Path pidFile = null;
        int starts = 5;
        int satConc = 16;
        int satSeconds = 30;
        int soakMinutes = 10;
        int soakConc = 4;
        int sampleSeconds = 10;
        int bodySize = 1024;
        int threads = 2;
        List<String> jvm = CHART_JVM_OPTS;
        boolean cds = true;
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--jar" -> jar = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--pid-file" -> pidFile = Path.of(v);
                case "--starts" -> starts = bounded(v, 1, 50);
                case "--saturation-concurrency" -> satConc = bounded(v, 1, 1024);
                case "--saturation-seconds" -> satSeconds = bounded(v, 1, 600);
                case "--soak-minutes" -> soakMinutes = bounded(v, 1, 240);
                case "--soak-concurrency" -> soakConc = bounded(v, 1, 1024);
                case "--sample-seconds" -> sampleSeconds = bounded(v, 1, 300);
                case "--body-size" -> bodySize = bounded(v, 700, 1 << 20);
                case "--threads" -> threads = bounded(v, 1, 64);
                case "--gateway-jvm-opts" -> jvm =
                        v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                case "--class-data-sharing" -> cds = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new SoakOptions(
                jar,
                out,
                pidFile,
                starts,
                satConc,
                Duration.ofSeconds(satSeconds),
                Duration.ofMinutes(soakMinutes),
                soakConc,
                Duration.ofSeconds(sampleSeconds),
                bodySize,
                threads,
                jvm,
                cds);
    }

    private static int bounded(String v, int min, int max) {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
        }
        return n;
    }
}
