package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.Promtool;
import io.amsgateway.simulator.LeakCheck;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin port of a real gateway after real calls: metrics that promtool accepts, health and readiness. */
@ExtendWith(LeakCheck.class)
class ProxyOperationsTest {
    @Test
    void liveMetricsHealthAndReadiness(@TempDir Path dir) throws Exception {
        GatewayFixture f = GatewayFixture.start(dir);
        try {
            assertThat(admin(f, "/readyz").statusCode()).isEqualTo(200);
            assertThat(admin(f, "/healthz").statusCode()).isEqualTo(200);
            assertThat(f.post("/ams/api/v1/payments/pay", pay(id(), "10")).statusCode())
                    .isEqualTo(200);
            assertThat(f.post("/ams/api/v1/payments/pay", pay("FAULT_BADSIG_" + id(), "10"))
                            .statusCode())
                    .isEqualTo(502);
            assertThat(f.post("/nope", "{}").statusCode()).isEqualTo(404);

            String metrics = admin(f, "/metrics").body();

            assertThat(metrics)
                    .contains("gateway_calls_total{api=\"payments/pay\",outcome=\"S\",profile=\"sandbox\"} 1")
                    .contains("gateway_calls_total{api=\"payments/pay\",outcome=\"error\",profile=\"sandbox\"} 1")
                    .contains("gateway_errors_total{code=\"RESPONSE_SIGNATURE_INVALID\",profile=\"sandbox\"} 1")
                    .contains("gateway_errors_total{code=\"ROUTE_NOT_FOUND\",profile=\"-\"} 1")
                    .contains("gateway_errors_total{code=\"INTERNAL\",profile=\"sandbox\"} 0")
                    .contains(
                            "gateway_response_verification_failures_total{profile=\"sandbox\",reason=\"BAD_SIGNATURE\"} 1")
                    .contains("gateway_sign_duration_seconds_count{profile=\"sandbox\"} 2")
                    .contains("gateway_verify_duration_seconds_count{profile=\"sandbox\"} 1")
                    .contains("gateway_upstream_connections{profile=\"sandbox\",state=\"idle\"} 1")
                    .contains("gateway_crypto_provider_info{provider=\""
                            + f.gateway.crypto().name() + "\"} 1")
                    .contains("gateway_ready 1")
                    .contains("gateway_in_flight_calls 0")
                    .contains("jvm_memory_used_bytes");
            assertThat(metrics)
                    .as("no key material or bodies in labels")
                    .doesNotContain("signature=", "paymentRequestId", "BEGIN");
            Promtool.assertValid(metrics);
        } finally {
            f.gateway.state().startDraining();
            assertThat(admin(f, "/readyz").statusCode())
                    .as("not ready while draining")
                    .isEqualTo(503);
            f.close();
        }
    }

    static HttpResponse<String> admin(GatewayFixture f, String path) throws Exception {
        return f.client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.gateway.adminPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
