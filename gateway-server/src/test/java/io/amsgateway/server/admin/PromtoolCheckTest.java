package io.amsgateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.amsgateway.server.metrics.SampleMetrics;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code promtool check metrics} (Prometheus' own parser and linter) on a live scrape of the
 * admin port. Required in CI ({@code CI} set), where {@code .ci/run} installs promtool; skipped
 * elsewhere when promtool is missing.
 */
class PromtoolCheckTest {
    static {
        LeakRecorder.install();
    }

    @Test
    void liveScrapePassesPromtool() throws Exception {
        Path promtool = promtool();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        String text;
        try (AdminServer server = AdminServer.start("127.0.0.1", 0, group, SampleMetrics.populated(), () -> true)) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build();
            text = HttpClient.newHttpClient().send(req, BodyHandlers.ofString()).body();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        assertThat(text).contains("gateway_calls_total{");

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(output.lines().filter(l -> !l.isBlank()))
                .as("promtool problems in the scrape")
                .isEmpty();
        assertThat(p.exitValue()).as("promtool exit code; output:%n%s", output).isZero();
        assertThat(LeakRecorder.collectLeaks()).as("Netty buffer leaks").isEmpty();
    }

    private static Path promtool() {
        Optional<Path> found = Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String why = "promtool is not on PATH; install it with 'apt-get install prometheus' (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }
}
