package io.amsgateway.simulator;

import static io.amsgateway.simulator.SimFixture.CLIENT;
import static io.amsgateway.simulator.SimFixture.PAY;
import static io.amsgateway.simulator.SimFixture.SANDBOX_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.protocol.RequestSigning;
import io.amsgateway.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's checks added for issue 12: {@code Request-Time} read as Alipay reads it (epoch
 * milliseconds or RFC 3339), API keys ({@code Authorization: Bearer}) accepted for the merchants
 * configured with one and refused when wrong, revoked or for the other environment, and every API
 * version served.
 */
@ExtendWith(LeakCheck.class)
class ApiKeyAndTimeChecksTest {
    static final String BODY =
            "{\"paymentRequestId\":\"ak-%s\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"10\"},"
                    + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},\"productCode\":\"CASHIER_PAYMENT\"}";
    static final String SANDBOX_PAY = "/ams/sandbox/api/v1/payments/pay";
    static final String TEST_KEY = key("TEST", SANDBOX_CLIENT, "secretA");
    static final String PROD_KEY = key("PROD", CLIENT, "secretB");
    static final String REVOKED = key("TEST", SANDBOX_CLIENT, "secretOld");

    @TempDir
    static Path dir;

    static SimFixture sim;

    static String key(String env, String clientId, String secret) {
        return "isak_" + env + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(clientId.getBytes(StandardCharsets.UTF_8))
                + "_" + secret;
    }

    @BeforeAll
    static void start() throws Exception {
        sim = SimFixture.start(dir, b -> b.merchant(new MerchantPublicKey(CLIENT, 1, Vectors.publicKey("merchant-1")))
                .apiKey(TEST_KEY)
                .apiKey(PROD_KEY)
                .revokedApiKey(REVOKED));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Exchange withKey(String target, String key, Map<String, String> extra) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=UTF-8");
        h.put("Authorization", "Bearer " + key);
        h.putAll(extra);
        return sim.send("POST", target, h, BODY.formatted(System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anIssuedKeyIsAcceptedAndTheAnswerIsNotSigned() throws Exception {
        Exchange ex = withKey(SANDBOX_PAY, TEST_KEY, Map.of());
        assertThat(ex.resultCode()).as(ex.text()).isEqualTo("SUCCESS");
        assertThat(ex.header("signature")).isNull();
        Exchange prod = withKey(PAY, PROD_KEY, Map.of());
        assertThat(prod.resultCode()).as(prod.text()).isEqualTo("SUCCESS");
        assertThat(sim.simulator.state().path("acceptedByApiKey").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aWrongRevokedOrMismatchedKeyIsRefusedUnsigned() throws Exception {
        Exchange wrong = withKey(SANDBOX_PAY, key("TEST", SANDBOX_CLIENT, "guess"), Map.of());
        assertThat(wrong.resultCode()).isEqualTo("INVALID_API_KEY");
        assertThat(wrong.text()).contains("\"resultStatus\":\"F\"");
        assertThat(wrong.header("signature")).isNull();
        assertThat(withKey(SANDBOX_PAY, REVOKED, Map.of()).resultCode()).isEqualTo("INVALID_API_KEY");
        assertThat(withKey(PAY, TEST_KEY, Map.of()).resultCode())
                .as("a TEST key on a production path")
                .isEqualTo("ACCESS_DENIED");
        assertThat(withKey(SANDBOX_PAY, PROD_KEY, Map.of()).resultCode()).isEqualTo("ACCESS_DENIED");
        assertThat(withKey(SANDBOX_PAY, TEST_KEY, Map.of("Agent-Token", "t")).resultCode())
                .isEqualTo("PARAM_ILLEGAL");
        assertThat(withKey(SANDBOX_PAY, TEST_KEY, Map.of("Client-Id", CLIENT)).resultCode())
                .as("a Client-Id other than the key's")
                .isEqualTo("CLIENT_INVALID");
    }

    @Test
    void requestTimeIsReadAsEpochMillisOrRfc3339AndAnythingElseIsRefused() throws Exception {
        assertThat(signedAt("1554350936253").resultCode()).isEqualTo("SUCCESS");
        assertThat(signedAt("2019-04-04T12:08:56.253+05:30").resultCode()).isEqualTo("SUCCESS");
        assertThat(signedAt("2019-04-04T06:38:56.253Z").resultCode()).isEqualTo("SUCCESS");
        assertThat(signedAt("yesterday").resultCode())
                .as("signed as sent, but not a time")
                .isEqualTo("INVALID_SIGNATURE");
    }

    @Test
    void everyApiVersionIsServed() throws Exception {
        Exchange v2 = sim.post("/ams/api/v2/payments/pay", BODY.formatted("v2"));
        assertThat(v2.resultCode()).as(v2.text()).isEqualTo("SUCCESS");
        sim.verify(v2, "/ams/api/v2/payments/pay", CLIENT);
    }

    private static Exchange signedAt(String time) throws Exception {
        JcaSigner m1 = SimFixture.signer("merchant-1", CLIENT, 1);
        byte[] body = BODY.formatted(System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=UTF-8");
        h.put("Client-Id", CLIENT);
        h.put("Request-Time", time);
        h.put(
                "Signature",
                RequestSigning.signatureHeader(m1, CLIENT, "POST", PAY, time, body)
                        .toCompletableFuture()
                        .join());
        return sim.send("POST", PAY, h, body);
    }
}
