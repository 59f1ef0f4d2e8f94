package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.json;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.LeakCheck;
import io.amsgateway.simulator.SimulatorConfig;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream failures through the real gateway: each is classified by whether the request may have
 * reached Alipay, and an answer that does not verify never reaches the caller.
 */
@ExtendWith(LeakCheck.class)
class ProxyFaultsTest {
    @TempDir
    static Path dir;

    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = GatewayFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static HttpResponse<String> payWithFault(String prefix) throws Exception {
        return f.post("/ams/api/v1/payments/pay", pay(prefix + id(), "100"));
    }

    @Test
    void aWrongResponseSignatureIsWithheldAsUnknownOutcome() throws Exception {
        HttpResponse<String> r = payWithFault("FAULT_BADSIG_");
        assertGatewayError(r, 502, "GATEWAY_RESPONSE_SIGNATURE_INVALID", "U");
        assertThat(r.body()).as("the unverified body never reaches the caller").doesNotContain("paymentId");
        assertThat(json(r).at("/result/resultMessage").asText())
                .contains("BAD_SIGNATURE")
                .contains("inquire");
    }

    @Test
    void anUnsignedResponseIsWithheld() throws Exception {
        HttpResponse<String> r = payWithFault("FAULT_NOSIG_");
        assertGatewayError(r, 502, "GATEWAY_RESPONSE_SIGNATURE_INVALID", "U");
        assertThat(json(r).at("/result/resultMessage").asText()).contains("MISSING_SIGNATURE");
    }

    @Test
    void aSlowUpstreamTimesOutAsUnknownOutcome() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = payWithFault("FAULT_DELAY_4000_");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertGatewayError(r, 504, "GATEWAY_UPSTREAM_TIMEOUT", "U");
        assertThat(ms)
                .as("answered at the 2 s response timeout, not after the 4 s delay")
                .isBetween(1900L, 3900L);
    }

    @Test
    void aResetAfterWritingIsUnknownOutcomeAndNotRetried() throws Exception {
        long before = f.sim.state().get("requests").asLong();
        HttpResponse<String> r = payWithFault("FAULT_RESET_");
        assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECTION_LOST", "U");
        assertThat(f.sim.state().get("requests").asLong() - before)
                .as("written once, never retried")
                .isEqualTo(1);
    }

    @Test
    void anUpstream5xxIsUnknownOutcome() throws Exception {
        assertGatewayError(payWithFault("FAULT_5XX_503_"), 502, "GATEWAY_UPSTREAM_BAD_STATUS", "U");
    }

    @Test
    void aSlowBodyWithinTheTimeoutStillVerifies() throws Exception {
        HttpResponse<String> r = payWithFault("FAULT_SLOW_800_");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Gateway-Verified-Key-Version")).hasValue("1");
    }

    @Test
    void alipaysProcessingAnswerPassesThrough() throws Exception {
        HttpResponse<String> r = payWithFault("FAULT_PROCESSING_");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).at("/result/resultStatus").asText()).isEqualTo("U");
    }

    @Test
    void aRefusedConnectionIsCertainlyNotExecuted(@TempDir Path other) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (GatewayFixture g = GatewayFixture.start(
                other, b -> {}, "gateway.profiles.sandbox.upstream.url = \"https://localhost:" + closedPort + "\"")) {
            HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "1"));
            assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
            assertThat(json(r).at("/result/resultMessage").asText()).contains("cannot connect");
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedBeforeAnythingIsSent(@TempDir Path other) throws Exception {
        Path foreignCert = other.resolve("foreign-cert.pem");
        try (AmsSimulator foreign = new AmsSimulator(SimulatorConfig.builder()
                .port(0)
                .controlPort(-1)
                .certificateOut(foreignCert)
                .build())) {
            foreign.start();
        }
        try (GatewayFixture g = GatewayFixture.start(
                other, b -> {}, "gateway.profiles.sandbox.upstream.ca-file = \"" + foreignCert + "\"")) {
            long before = g.sim.state().get("requests").asLong();
            HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "1"));
            assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
            assertThat(json(r).at("/result/resultMessage").asText()).contains("TLS handshake");
            assertThat(g.sim.state().get("requests").asLong())
                    .as("nothing reached the simulator")
                    .isEqualTo(before);
        }
        assertThat(Files.exists(foreignCert)).isTrue();
    }

    @Test
    void aCertificateForAnotherHostIsRefused(@TempDir Path other) throws Exception {
        // The simulator listens on every loopback address, but its certificate names localhost and
        // 127.0.0.1 (not 127.0.0.2): reached as 127.0.0.2, host name verification must refuse it.
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (GatewayFixture g = GatewayFixture.start(
                other,
                b -> b.port(port).bindAddress("0.0.0.0"),
                "gateway.profiles.sandbox.upstream.url = \"https://127.0.0.2:" + port + "\"")) {
            long before = g.sim.state().get("requests").asLong();
            HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "1"));
            assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
            assertThat(json(r).at("/result/resultMessage").asText()).contains("not issued for this host");
            assertThat(g.sim.state().get("requests").asLong())
                    .as("nothing reached the simulator")
                    .isEqualTo(before);
        }
    }
}
