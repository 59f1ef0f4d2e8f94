package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.simulator.LeakCheck;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The proxy over real sockets and real TLS against the AMS simulator: the APIs and the callers' errors. */
@ExtendWith(LeakCheck.class)
class ProxyEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    static String pay(String requestId, String value) {
        return "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentRequestId\":\"" + requestId + "\","
                + "\"order\":{\"referenceOrderId\":\"O-" + requestId + "\",\"orderDescription\":\"caf\u00e9 \u2615\","
                + "\"orderAmount\":{\"currency\":\"USD\",\"value\":\"" + value + "\"}},"
                + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"" + value + "\"},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},\"paymentRedirectUrl\":\"https://example.com/r\"}";
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static void assertVerifiedSuccess(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Gateway-Verified-Key-Version"))
                .as("verified by the gateway")
                .hasValue("1");
        assertThat(json(r).at("/result/resultStatus").asText()).as(r.body()).isEqualTo("S");
    }

    @Test
    void everySimulatorApiGoesThroughVerified() throws Exception {
        String req = id();
        HttpResponse<String> pay = f.post("/ams/api/v1/payments/pay", pay(req, "1000"));
        assertVerifiedSuccess(pay);
        String paymentId = json(pay).get("paymentId").asText();
        assertThat(pay.body())
                .as("Alipay's body passes through unchanged (UTF-8 intact)")
                .contains("\"paymentId\":\"" + paymentId + "\"");

        assertVerifiedSuccess(f.post("/ams/api/v1/payments/inquiryPayment", "{\"paymentId\":\"" + paymentId + "\"}"));
        HttpResponse<String> refund = f.post(
                "/ams/api/v1/payments/refund",
                "{\"refundRequestId\":\"" + id() + "\",\"paymentId\":\"" + paymentId
                        + "\",\"refundAmount\":{\"currency\":\"USD\",\"value\":\"400\"}}");
        assertVerifiedSuccess(refund);
        assertVerifiedSuccess(f.post(
                "/ams/api/v1/payments/inquiryRefund",
                "{\"refundId\":\"" + json(refund).get("refundId").asText() + "\"}"));
        assertVerifiedSuccess(f.post(
                "/ams/api/v1/payments/consult",
                "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1000\"}}"));

        String pending = id();
        HttpResponse<String> processing = f.post("/ams/api/v1/payments/pay", pay(pending, "9902"));
        assertThat(processing.statusCode()).isEqualTo(200);
        assertThat(json(processing).at("/result/resultStatus").asText())
                .as("Alipay's U passes through as 200")
                .isEqualTo("U");
        assertVerifiedSuccess(f.post("/ams/api/v1/payments/cancel", "{\"paymentRequestId\":\"" + pending + "\"}"));

        HttpResponse<String> failed = f.post("/ams/api/v1/payments/pay", pay(id(), "9901"));
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(json(failed).at("/result/resultCode").asText()).isEqualTo("USER_BALANCE_NOT_ENOUGH");
        assertThat(failed.headers().firstValue("X-Gateway-Error"))
                .as("Alipay's F is not a gateway error")
                .isEmpty();
    }

    @Test
    void sandboxClientPathsAreRewrittenAndBothPathsWork() throws Exception {
        // The profile's client id starts with SANDBOX_: /ams/api is signed and sent as /ams/sandbox/api.
        assertVerifiedSuccess(f.post("/ams/api/v1/payments/pay", pay(id(), "10")));
        assertVerifiedSuccess(f.post("/ams/sandbox/api/v1/payments/pay", pay(id(), "10")));
    }

    @Test
    void idempotentReplayGetsTheSameAnswer() throws Exception {
        String req = id();
        HttpResponse<String> first = f.post("/ams/api/v1/payments/pay", pay(req, "777"));
        HttpResponse<String> again = f.post("/ams/api/v1/payments/pay", pay(req, "777"));
        assertVerifiedSuccess(first);
        assertVerifiedSuccess(again);
        assertThat(json(again).get("paymentId")).isEqualTo(json(first).get("paymentId"));
        HttpResponse<String> changed = f.post("/ams/api/v1/payments/pay", pay(req, "778"));
        assertThat(json(changed).at("/result/resultCode").asText()).isEqualTo("REPEAT_REQ_INCONSISTENT");
    }

    @Test
    void aForgedCallerSignatureIsReplaced() throws Exception {
        HttpResponse<String> r = f.post(
                "/ams/api/v1/payments/pay",
                pay(id(), "55"),
                Map.of(
                        "Signature", "algorithm=RSA256,keyVersion=1,signature=Zm9yZ2Vk",
                        "Request-Time", "1",
                        "Encrypt", "algorithm=RSA_AES, symmetricKey=Zm9yZ2Vk"));
        assertVerifiedSuccess(r);
    }

    @Test
    void callerSelectsTheProfileByClientIdOrGetsTheDefault() throws Exception {
        assertVerifiedSuccess(
                f.post("/ams/api/v1/payments/pay", pay(id(), "1"), Map.of("Client-Id", GatewayFixture.CLIENT_ID)));
        HttpResponse<String> unknown =
                f.post("/ams/api/v1/payments/pay", pay(id(), "1"), Map.of("Client-Id", "SANDBOX_NOBODY"));
        assertGatewayError(unknown, 400, "GATEWAY_UNKNOWN_CLIENT", "F");
    }

    @Test
    void badCallerInputGetsClearAlipayShapedErrors() throws Exception {
        assertGatewayError(f.post("/ams/api/v1/payments/pay", "{\"a\":"), 400, "GATEWAY_INVALID_REQUEST", "F");
        assertGatewayError(f.post("/ams/api/v1/payments/pay", "[1,2]"), 400, "GATEWAY_INVALID_REQUEST", "F");
        assertGatewayError(f.post("/metrics", "{}"), 404, "GATEWAY_ROUTE_NOT_FOUND", "F");
        assertGatewayError(
                f.post("/ams/api/v1/payments/pay", "x".repeat(2 << 20)), 413, "GATEWAY_PAYLOAD_TOO_LARGE", "F");

        var get = f.client.send(
                java.net.http.HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertGatewayError(get, 405, "GATEWAY_METHOD_NOT_SUPPORTED", "F");

        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'};
        var bad = f.client.send(
                java.net.http.HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(invalidUtf8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertGatewayError(bad, 400, "GATEWAY_INVALID_REQUEST", "F");
        assertThat(json(bad).at("/result/resultMessage").asText()).contains("not valid UTF-8");
    }

    static void assertGatewayError(HttpResponse<String> r, int status, String code, String resultStatus)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        assertThat(r.headers().firstValue("X-Gateway-Error")).hasValue(code);
        JsonNode result = json(r).get("result");
        assertThat(result.get("resultCode").asText()).isEqualTo(code);
        assertThat(result.get("resultStatus").asText()).isEqualTo(resultStatus);
        assertThat(result.get("resultMessage").asText()).isNotBlank().doesNotContain("Exception", "\tat ");
    }
}
