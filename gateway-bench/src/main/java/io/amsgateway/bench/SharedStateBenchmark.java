package io.amsgateway.bench;

import io.amsgateway.server.caller.BucketRateLimiter;
import io.amsgateway.server.caller.RedisRateLimiter;
import io.amsgateway.server.config.LimitsConfig;
import io.amsgateway.server.config.SharedStateConfig;
import io.amsgateway.server.notify.DedupStore;
import io.amsgateway.server.notify.MemoryDedupStore;
import io.amsgateway.server.notify.RedisDedupStore;
import io.amsgateway.server.shared.SharedState;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What shared state adds to a call: a shared rate limit ({@link RedisRateLimiter}, Bucket4j's
 * compare-and-swap on Redis) against the in-memory bucket, and a notification's shared
 * de-duplication ({@link RedisDedupStore}: claim, then delivered) against this replica's window,
 * each to completion as a call waits for it. Redis is a local {@code redis-server} started here on
 * a free loopback port without persistence ({@code redis-server} must be on PATH). At the end of
 * each iteration the gateway process's CPU time and redis-server's per operation are printed
 * ({@code cpu/op}), since a Redis call's cost is mostly on Lettuce's threads and in Redis.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SharedStateBenchmark {
    @Param({"memory", "redis"})
    public String store;

    private Process redis;
    private SharedState shared;
    private io.amsgateway.server.caller.RateLimiter limiter;
    private DedupStore dedup;
    private long ops;
    private long cpu0;
    private long redisCpu0;
    private long next;

    private static final LimitsConfig.Limit LIMIT = new LimitsConfig.Limit(1_000_000_000, 1_000_000_000, 0, true);

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (store.equals("memory")) {
            limiter = new BucketRateLimiter(10_000);
            dedup = new MemoryDedupStore(Duration.ofMinutes(1), Duration.ofSeconds(40), 1_000_000);
            return;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("bench-redis");
        redis = new ProcessBuilder(
                        "redis-server",
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        shared = SharedState.start(
                new SharedStateConfig(
                        SharedStateConfig.Type.REDIS,
                        1,
                        new SharedStateConfig.Redis(
                                List.of(URI.create("redis://127.0.0.1:" + port)),
                                false,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Duration.ofSeconds(2),
                                Duration.ofMillis(250),
                                "bench:")),
                new PrometheusRegistry());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!shared.connected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not accept a connection on " + port);
            }
            Thread.sleep(20);
        }
        limiter = new RedisRateLimiter(shared, 10_000);
        dedup = new RedisDedupStore(shared, Duration.ofMinutes(1), Duration.ofSeconds(40), 1_000_000);
    }

    @Setup(Level.Iteration)
    public void mark() throws IOException {
        ops = 0;
        cpu0 = processCpuNanos();
        redisCpu0 = redisCpuNanos();
    }

    @TearDown(Level.Iteration)
    public void report() throws IOException {
        if (ops > 0) {
            System.out.printf(
                    "%ncpu/op: gateway process %.1f us, redis-server %.1f us (%d ops)%n",
                    (processCpuNanos() - cpu0) / 1000.0 / ops, (redisCpuNanos() - redisCpu0) / 1000.0 / ops, ops);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        if (shared != null) {
            shared.close();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One call's shared (or in-memory) rate limit: take one from the merchant's bucket. */
    @Benchmark
    public long rateLimit() {
        ops++;
        return limiter.tryTakeAsync("profile:sea", LIMIT).join();
    }

    /** One notification's de-duplication: claim a new one, then mark it delivered. */
    @Benchmark
    public Object dedup() {
        ops++;
        String key = "SANDBOX_5Y00000000000001:" + Long.toHexString(next++) + "e3b0c44298fc1c149afbf4c8996fb924";
        DedupStore.Claim c = dedup.claim(key).join();
        dedup.delivered(key).join();
        return c;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long redisCpuNanos() throws IOException {
        if (redis == null) {
            return 0;
        }
        String[] f = Files.readString(Path.of("/proc/" + redis.pid() + "/stat"))
                .replaceFirst("^.*\\) ", "")
                .split(" ");
        // utime and stime (fields 14 and 15 of /proc/pid/stat), in clock ticks (100 per second on Linux)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
}
