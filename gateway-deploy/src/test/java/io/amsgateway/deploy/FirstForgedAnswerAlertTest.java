package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.amsgateway.core.testing.Promtool;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}) with the chart's rules, exactly as rendered,
 * scrapes a live gateway every second, and the critical {@code
 * AmsGatewayResponseVerificationFailures} fires on the first forged answer: the gateway exports
 * the verification-failure counter at zero from start-up, so {@code increase()} sees 0 → 1 (a
 * series born at 1 has no increase, and the alert would wait for a second forgery).
 */
class FirstForgedAnswerAlertTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALERT = "AmsGatewayResponseVerificationFailures";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theCriticalAlertFiresOnTheFirstForgedAnswer(@TempDir Path dir) throws Exception {
        Path binary = prometheusBinary();
        try (LiveGateway g = LiveGateway.start(dir, LiveGateway.JWT);
                Prometheus prom = Prometheus.start(binary, dir, g.gateway.adminPort())) {
            String forgedSeries =
                    "gateway_response_verification_failures_total{profile=\"files\",reason=\"BAD_SIGNATURE\"}";
            await("Prometheus scraped the gateway's zero verification failures", () -> {
                JsonNode r = query(prom, forgedSeries);
                return r.size() == 1 && "0".equals(r.get(0).path("value").get(1).asText());
            });
            await("Prometheus evaluated the rules at least once since", () -> evaluatedRules(prom));
            assertThat(alerts(prom)).as("nothing fires before the forgery").isEmpty();

            assertThat(g.pay(LiveGateway.FILES_CLIENT, "FAULT_BADSIG_" + id()))
                    .as("the forged answer is refused")
                    .isEqualTo(502);

            await("the critical alert fires", () -> firing(prom).size() == 1);
            JsonNode alert = firing(prom).get(0);
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("labels").path("profile").asText()).isEqualTo("files");
            assertThat(alert.path("labels").path("reason").asText()).isEqualTo("BAD_SIGNATURE");
            assertThat(alert.path("labels").path("namespace").asText()).isEqualTo(HelmChart.NAMESPACE);
            assertThat(query(prom, forgedSeries).get(0).path("value").get(1).asText())
                    .as("one forged answer, not two")
                    .isEqualTo("1");
        }
    }

    private JsonNode alerts(Prometheus prom) throws Exception {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode a : get(prom, "/api/v1/alerts").path("data").path("alerts")) {
            if (ALERT.equals(a.path("labels").path("alertname").asText())) {
                out.add(a);
            }
        }
        return out;
    }

    private JsonNode firing(Prometheus prom) throws Exception {
        var out = JSON.createArrayNode();
        alerts(prom).forEach(a -> {
            if ("firing".equals(a.path("state").asText())) {
                out.add(a);
            }
        });
        return out;
    }

    private boolean evaluatedRules(Prometheus prom) throws Exception {
        for (JsonNode group : get(prom, "/api/v1/rules").path("data").path("groups")) {
            if (!group.path("lastEvaluation").asText().startsWith("0001-")) {
                return true;
            }
        }
        return false;
    }

    private JsonNode query(Prometheus prom, String promql) throws Exception {
        return get(prom, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("data")
                .path("result");
    }

    private JsonNode get(Prometheus prom, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(prom.url() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("Prometheus %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT + " waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Debian's prometheus server; required in CI ({@code .ci/run} installs it), else the test is skipped. */
    static Path prometheusBinary() {
        Optional<Path> found = Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String why = "prometheus is not on PATH; install it with 'apt-get install prometheus' (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    /**
     * A Prometheus server on loopback with the chart's rule groups, scraping one target every
     * second and evaluating the rules every second, with its own storage in a temporary folder.
     */
    record Prometheus(Process process, int port, Path log) implements AutoCloseable {
        static Prometheus start(Path binary, Path dir, int adminPort) throws Exception {
            Path home = Files.createDirectories(dir.resolve("prometheus"));
            AlertRulesTest.writeRules(home);
            Path config = Files.writeString(
                    home.resolve("prometheus.yml"),
                    """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    rule_files: [rules.yaml]
                    scrape_configs:
                      - job_name: ams-gateway
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                            labels: {namespace: %s, pod: gateway-0}
                    """
                            .formatted(adminPort, HelmChart.NAMESPACE));
            String promtoolOut = Promtool.assertSucceeds("check", "config", config.toString());
            assertThat(promtoolOut).contains("SUCCESS");
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freeLoopbackPort();
                Path log = home.resolve("prometheus-" + attempt + ".log");
                Process p = new ProcessBuilder(
                                binary.toString(),
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + home.resolve("data-" + attempt),
                                "--web.listen-address=127.0.0.1:" + port,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                Prometheus prom = new Prometheus(p, port, log);
                if (prom.awaitReady()) {
                    return prom;
                }
                prom.close();
                last = new IOException("prometheus did not become ready:\n" + Files.readString(log));
            }
            throw last;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        private boolean awaitReady() throws InterruptedException {
            HttpClient c = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HttpResponse<Void> r = c.send(
                            HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return true;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            return false;
        }

        /** A port the kernel just handed out on loopback (bound to 0 and released for Prometheus). */
        private static int freeLoopbackPort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
