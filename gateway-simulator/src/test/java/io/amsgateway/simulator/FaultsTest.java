package io.amsgateway.simulator;

import static io.amsgateway.simulator.SimFixture.CLIENT;
import static io.amsgateway.simulator.SimFixture.PAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.crypto.VerificationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each fault, by magic request id and through the control endpoint, over the wire. */
@ExtendWith(LeakCheck.class)
class FaultsTest {
    @TempDir
    static Path dir;

    static SimFixture sim;
    static final HttpClient control = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = SimFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clear() {
        sim.simulator.faults().clear();
    }

    static String pay(String id) {
        return "{\"paymentRequestId\":\"" + id + "\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"100\"}}";
    }

    String statusOf(String id) throws Exception {
        Exchange ex = sim.post("/ams/api/v1/payments/inquiryPayment", "{\"paymentRequestId\":\"" + id + "\"}");
        sim.verify(ex, "/ams/api/v1/payments/inquiryPayment", CLIENT);
        return ex.json().path("paymentStatus").asText();
    }

    @Test
    void delay() throws Exception {
        Exchange ex = sim.post(PAY, pay("FAULT_DELAY_400_a"));
        assertThat(ex.millis()).isGreaterThanOrEqualTo(400);
        assertThat(ex.resultCode()).isEqualTo("SUCCESS");
        sim.verify(ex, PAY, CLIENT);
    }

    @Test
    void resetAfterProcessing() throws Exception {
        assertThatThrownBy(() -> sim.post(PAY, pay("FAULT_RESET_a"))).isInstanceOf(IOException.class);
        assertThat(statusOf("FAULT_RESET_a"))
                .as("the payment went through; only the answer was lost")
                .isEqualTo("SUCCESS");
    }

    @Test
    void badSignature() throws Exception {
        Exchange ex = sim.post(PAY, pay("FAULT_BADSIG_a"));
        assertThat(ex.resultCode()).isEqualTo("SUCCESS");
        assertThatThrownBy(() -> sim.verify(ex, PAY, CLIENT))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason())
                        .isEqualTo(VerificationException.Reason.BAD_SIGNATURE));
    }

    @Test
    void noSignature() throws Exception {
        Exchange ex = sim.post(PAY, pay("FAULT_NOSIG_a"));
        assertThat(ex.header("signature")).isNull();
        assertThat(ex.header("response-time")).isNotNull();
        assertThatThrownBy(() -> sim.verify(ex, PAY, CLIENT))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason())
                        .isEqualTo(VerificationException.Reason.MISSING_SIGNATURE));
    }

    @Test
    void http5xx() throws Exception {
        Exchange ex = sim.post(PAY, pay("FAULT_5XX_a"));
        assertThat(ex.status()).isEqualTo(500);
        assertThat(ex.header("signature")).isNull();
        assertThat(sim.post(PAY, pay("FAULT_5XX_503_a")).status()).isEqualTo(503);
    }

    @Test
    void slowBody() throws Exception {
        Exchange ex = sim.post(PAY, pay("FAULT_SLOW_500_a"));
        assertThat(ex.millis()).isGreaterThanOrEqualTo(400);
        assertThat(ex.resultCode()).isEqualTo("SUCCESS");
        sim.verify(ex, PAY, CLIENT);
    }

    @Test
    void processing() throws Exception {
        Exchange ex = sim.post(PAY, pay("FAULT_PROCESSING_a"));
        assertThat(ex.resultCode()).isEqualTo("PAYMENT_IN_PROCESS");
        assertThat(ex.resultStatus()).isEqualTo("U");
        sim.verify(ex, PAY, CLIENT);
        assertThat(statusOf("FAULT_PROCESSING_a")).isEqualTo("SUCCESS");
    }

    @Test
    void magicIdsOnRefunds() throws Exception {
        String paymentId =
                sim.post(PAY, pay("rf-magic")).json().path("paymentId").asText();
        Exchange ex = sim.post(
                "/ams/api/v1/payments/refund",
                "{\"refundRequestId\":\"FAULT_NOSIG_r\",\"paymentId\":\"" + paymentId
                        + "\",\"refundAmount\":{\"currency\":\"USD\",\"value\":\"1\"}}");
        assertThat(ex.resultCode()).isEqualTo("SUCCESS");
        assertThat(ex.header("signature")).isNull();
    }

    JsonNode controlCall(String method, String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(sim.ports.controlUri() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> res = control.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return new ObjectMapper().readTree(res.body());
    }

    @Test
    void controlEndpointSetsAFaultForACount() throws Exception {
        assertThat(controlCall("POST", "/faults", "{\"mode\":\"RESET\",\"count\":2}")
                        .path("remaining")
                        .asInt())
                .isEqualTo(2);
        assertThatThrownBy(() -> sim.post(PAY, pay("ctl-1"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> sim.post(PAY, pay("ctl-2"))).isInstanceOf(IOException.class);
        Exchange third = sim.post(PAY, pay("ctl-3"));
        assertThat(third.resultCode()).isEqualTo("SUCCESS");
        assertThat(controlCall("GET", "/faults", "").path("mode").isNull()).isTrue();
        JsonNode state = controlCall("GET", "/state", "");
        assertThat(state.path("payments").asInt()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void controlEndpointFaultsUntilCleared() throws Exception {
        controlCall("POST", "/faults", "{\"mode\":\"DELAY\",\"delayMs\":200}");
        assertThat(sim.post(PAY, pay("ctl-d1")).millis()).isGreaterThanOrEqualTo(200);
        controlCall("POST", "/faults", "{\"mode\":\"HTTP_5XX\",\"status\":502}");
        assertThat(sim.post(PAY, pay("ctl-d2")).status()).isEqualTo(502);
        assertThat(sim.post(PAY, pay("ctl-d3")).status()).isEqualTo(502);
        controlCall("POST", "/faults", "{\"mode\":\"BADSIG\"}");
        Exchange bad = sim.post(PAY, pay("ctl-d4"));
        assertThatThrownBy(() -> sim.verify(bad, PAY, CLIENT)).isInstanceOf(VerificationException.class);
        controlCall("DELETE", "/faults", "");
        sim.verify(sim.post(PAY, pay("ctl-d5")), PAY, CLIENT);
        HttpResponse<String> bogus = control.send(
                HttpRequest.newBuilder(URI.create(sim.ports.controlUri() + "/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"EXPLODE\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bogus.statusCode()).isEqualTo(400);
    }
}
