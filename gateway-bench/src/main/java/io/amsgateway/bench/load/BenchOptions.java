package io.amsgateway.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link LoadBench}: {@code --name value} pairs, all optional.
 *
 * <pre>
 * --jar FILE            ams-gateway.jar to run the simulator and the gateway from (gateway-server/target/ams-gateway.jar)
 * --out DIR             where results go; a timestamped directory is made inside (bench-results)
 * --concurrency LIST    connections per sweep phase (1,2,4,16,64)
 * --warmup SECONDS      warmup of each phase (5)
 * --measure SECONDS     measured window of each sweep phase (15)
 * --half-measure SECONDS measured window of the two phases at half of saturation (30)
 * --body-size BYTES     exact pay request body size (1024)
 * --threads N           load generator event loops (2)
 * --direct-sweep BOOL   also sweep mode direct over the concurrencies (true)
 * --pid-file FILE       append the children's pids here (none)
 * --modes LIST          KeyModesBench only: the gateway's key sources to compare (file,vault-kv,vault-transit,pkcs11)
 * --jit-warmup SECONDS  KeyModesBench, ListenerTlsBench, SizesBench: load at c=16 before each gateway's phases, for the JIT (60; SizesBench 20)
 * --sizes LIST          SizesBench only: body sizes in bytes (1024,16384,65536,1048576)
 * --size-concurrency N  SizesBench only: the one concurrency of its phases (16)
 * --event-loops LIST    SizesBench only: the gateway's event loop counts to compare at 1 KiB (1,2)
 * </pre>
 */
record BenchOptions(
        Path jar,
        Path out,
        List<Integer> concurrency,
        Duration warmup,
        Duration measure,
        Duration halfMeasure,
        int bodySize,
        int threads,
        boolean directSweep,
        @Nullable Path pidFile,
        List<String> keyModes,
        Duration jitWarmup,
        List<Integer> sizes,
        int sizeConcurrency,
        List<Integer> eventLoops) {

    static BenchOptions parse(String[] args) {
        Path jar = Path.of("gateway-server/target/ams-gateway.jar");
        Path out = Path.of("bench-results");
        List<Integer> concurrency = List.of(1, 2, 4, 16, 64);
        int warmup = 5;
        int measure = 15;
        int halfMeasure = 30;
        int bodySize = 1024;
        int threads = 2;
        boolean directSweep = true;
        Path pidFile = null;
        List<String> keyModes = List.of("file", "vault-kv", "vault-transit");
        int jitWarmup = 60;
        List<Integer> sizes = List.of(1024, 16 << 10, 64 << 10, 1 << 20);
        int sizeConcurrency = 16;
        List<Integer> eventLoops = List.of(1, 2);
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--jar" -> jar = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--concurrency" -> concurrency = ints(v, 1, 1024);
                case "--warmup" -> warmup = bounded(v, 1, 120);
                case "--measure" -> measure = bounded(v, 1, 300);
                case "--half-measure" -> halfMeasure = bounded(v, 1, 300);
                case "--body-size" -> bodySize = bounded(v, 700, 1 << 20);
                case "--threads" -> threads = bounded(v, 1, 64);
                case "--direct-sweep" -> directSweep = Boolean.parseBoolean(v);
                case "--pid-file" -> pidFile = Path.of(v);
                case "--modes" -> keyModes = List.of(v.split(","));
                case "--jit-warmup" -> jitWarmup = bounded(v, 1, 600);
                case "--sizes" -> sizes = ints(v, 700, 1 << 20);
                case "--size-concurrency" -> sizeConcurrency = bounded(v, 1, 1024);
                case "--event-loops" -> eventLoops = ints(v, 1, 64);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new BenchOptions(
                jar,
                out,
                concurrency,
                Duration.ofSeconds(warmup),
                Duration.ofSeconds(measure),
                Duration.ofSeconds(halfMeasure),
                bodySize,
                threads,
                directSweep,
                pidFile,
                keyModes,
                Duration.ofSeconds(jitWarmup),
                sizes,
                sizeConcurrency,
                eventLoops);
    }

    private static List<Integer> ints(String csv, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(bounded(s.trim(), min, max));
        }
        return List.copyOf(out);
    }

    private static int bounded(String v, int min, int max) {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
        }
        return n;
    }
}
