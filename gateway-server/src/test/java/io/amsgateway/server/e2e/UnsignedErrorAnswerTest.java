package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.json;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.simulator.LeakCheck;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alipay's unsigned error answers (issue 12, section 2), end to end over TLS: the simulator
 * rejects the gateway's signature (the merchant key it knows is not the one the gateway signs
 * with) and answers unsigned, as Alipay does. The gateway still fails closed ({@code U}, {@code
 * GATEWAY_RESPONSE_SIGNATURE_INVALID}) and shows what Alipay said, marked unverified, and counts it
 * by code.
 */
@ExtendWith(LeakCheck.class)
class UnsignedErrorAnswerTest {

    @Test
    void aRejectedSignatureShowsAlipaysUnverifiedCodeAndStaysUnknown(@TempDir Path dir) throws Exception {
        KeyPair wrong = GatewayFixture.rsa();
        // The simulator knows the fixture's merchant key (version 1); the gateway signs with another.
        try (GatewayFixture f = GatewayFixture.start(
                dir,
                GatewayFixture.rsa(),
                b -> b.signErrorResponses(false),
                "",
                alipayPub -> writeKey(dir.resolve("merchant-private.b64"), wrong))) {
            HttpResponse<String> r = f.post("/ams/api/v1/payments/pay", pay(id(), "100"));

            assertGatewayError(r, 502, "GATEWAY_RESPONSE_SIGNATURE_INVALID", "U");
            assertThat(r.headers().firstValue("X-Gateway-Verified"))
                    .as("nothing verified")
                    .isEmpty();
            JsonNode unverified = json(r).get("unverifiedAlipayResult");
            assertThat(unverified).as(r.body()).isNotNull();
            assertThat(unverified.get("resultCode").asText()).isEqualTo("INVALID_SIGNATURE");
            assertThat(unverified.get("resultStatus").asText()).isEqualTo("F");
            assertThat(unverified.get("resultMessage").asText()).isEqualTo("The signature is not validated.");
            assertThat(json(r).at("/result/resultStatus").asText())
                    .as("an unverified F never tells the caller it failed for sure")
                    .isEqualTo("U");

            CallRecord c = f.calls.get(f.calls.size() - 1);
            assertThat(c.unverifiedResult()).isNotNull();
            assertThat(c.unverifiedResult().resultCode()).isEqualTo("INVALID_SIGNATURE");
            assertThat(metric(f, "gateway_unverified_alipay_results_total", "code=\"INVALID_SIGNATURE\""))
                    .isEqualTo(1.0);
        }
    }

    @Test
    void aSignedAnswerThatFailsVerificationShowsNothingOfItsBody(@TempDir Path dir) throws Exception {
        try (GatewayFixture f = GatewayFixture.start(dir)) {
            // The simulator signs this answer with a wrong signature: not an unsigned error answer.
            HttpResponse<String> r = f.post("/ams/api/v1/payments/pay", pay("FAULT_BADSIG_" + id(), "100"));
            assertGatewayError(r, 502, "GATEWAY_RESPONSE_SIGNATURE_INVALID", "U");
            assertThat(json(r).has("unverifiedAlipayResult")).isFalse();
            // An unsigned answer whose result is S is never shown either.
            HttpResponse<String> unsigned = f.post("/ams/api/v1/payments/pay", pay("FAULT_NOSIG_" + id(), "100"));
            assertGatewayError(unsigned, 502, "GATEWAY_RESPONSE_SIGNATURE_INVALID", "U");
            assertThat(json(unsigned).has("unverifiedAlipayResult"))
                    .as("only F or U results are shown")
                    .isFalse();
            assertThat(unsigned.body()).doesNotContain("paymentId");
            assertThat(metric(f, "gateway_unverified_alipay_results_total", "")).isZero();
        }
    }

    private static void writeKey(Path file, KeyPair pair) {
        try {
            Files.writeString(
                    file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The sum of {@code name}'s samples whose labels contain {@code labelFilter}, from a live scrape. */
    static double metric(GatewayFixture f, String name, String labelFilter) throws Exception {
        String text = ProxyOperationsTest.admin(f, "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            if (labelFilter.isEmpty() || (m.group(1) != null && m.group(1).contains(labelFilter))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
