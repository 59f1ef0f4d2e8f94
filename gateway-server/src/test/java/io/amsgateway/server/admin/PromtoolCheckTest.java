package io.amsgateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.Promtool;
import io.amsgateway.server.metrics.SampleMetrics;
import io.amsgateway.simulator.LeakCheck;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code promtool check metrics} (Prometheus' own parser and linter) on a live scrape of the
 * admin port. Required in CI ({@code CI} set), where {@code .ci/run} installs promtool; skipped
 * elsewhere when promtool is missing.
 */
class PromtoolCheckTest {
    static {
        LeakCheck.install();
    }

    @Test
    void liveScrapePassesPromtool() throws Exception {
        Promtool.require();
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

        Promtool.assertValid(text);
        assertThat(LeakCheck.collectLeaks()).as("Netty buffer leaks").isEmpty();
    }
}
