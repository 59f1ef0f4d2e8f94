package io.amsgateway.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The gateway's admin port, seen from the benchmark: waits for {@code /readyz} and reads
 * histogram sums and counts from {@code /metrics} (Prometheus text). Blocking; main thread only.
 */
final class AdminClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Fine enough to measure a ready time of about a second (SoakBench) without loading the start. */
    static final long READY_POLL_MILLIS = 5;

    private final URI base;

    AdminClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Polls {@code /readyz} every {@link #READY_POLL_MILLIS} ms until it answers 200, the process
     * dies, or {@code timeout} passes; returns {@link System#nanoTime} at the first 200.
     */
    long awaitReady(BenchProcess gateway, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            gateway.checkAlive();
            try {
                if (get("/readyz").statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(READY_POLL_MILLIS);
        }
        throw new IllegalStateException("the gateway was not ready within " + timeout + "; see " + gateway.log());
    }

    /** The sum over all label sets of each named series, e.g. {@code gateway_sign_duration_seconds_sum}. */
    double[] sums(String... series) throws IOException, InterruptedException {
        String text = get("/metrics").body();
        double[] out = new double[series.length];
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            for (int i = 0; i < series.length; i++) {
                if (line.startsWith(series[i] + "{") || line.startsWith(series[i] + " ")) {
                    out[i] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return out;
    }

    /**
     * The values of {@code series} by the value of its label {@code label}, e.g. {@code
     * jvm_memory_pool_used_bytes} by {@code pool}; samples without the label are left out.
     */
    java.util.Map<String, Double> byLabel(String series, String label) throws IOException, InterruptedException {
        return byLabel(get("/metrics").body(), series, label);
    }

    static java.util.Map<String, Double> byLabel(String exposition, String series, String label) {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        String key = label + "=\"";
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(series + "{")) {
                continue;
            }
            int at = line.indexOf(key);
            int close = line.lastIndexOf('}');
            if (at < 0 || at > close) {
                continue;
            }
            int from = at + key.length();
            String value = line.substring(from, line.indexOf('"', from));
            out.merge(value, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
        }
        return out;
    }

    /** The status of a GET of {@code path} (for warming this client up). */
    int status(String path) throws IOException, InterruptedException {
        return get(path).statusCode();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
