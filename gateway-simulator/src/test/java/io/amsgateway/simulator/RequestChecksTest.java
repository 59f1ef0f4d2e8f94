package io.amsgateway.simulator;

import static io.amsgateway.simulator.SimFixture.CLIENT;
import static io.amsgateway.simulator.SimFixture.PAY;
import static io.amsgateway.simulator.SimFixture.SANDBOX_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.RsaAes;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.protocol.EncryptedMessages;
import io.amsgateway.core.protocol.RequestSigning;
import io.amsgateway.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every check of docs/protocol.md ("Content to sign", "Result codes"), over real HTTPS, with the exact result code. */
@ExtendWith(LeakCheck.class)
class RequestChecksTest {
    static final String BODY =
            "{\"paymentRequestId\":\"chk-%s\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1000\"},"
                    + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},\"productCode\":\"CASHIER_PAYMENT\"}";

    @TempDir
    static Path dir;

    static SimFixture sim;

    @BeforeAll
    static void start() throws Exception {
        sim = SimFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void acceptsARequestSignedByGatewayCoreAndSignsTheAnswer() throws Exception {
        Exchange ex = sim.post(PAY, BODY.formatted("ok"));
        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.resultCode()).as(ex.text()).isEqualTo("SUCCESS");
        assertThat(ex.header("content-type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(ex.header("client-id")).isEqualTo(CLIENT);
        assertThat(ex.header("response-time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat(sim.verify(ex, PAY, CLIENT).keyVersion()).isEqualTo(1);
    }

    @Test
    void servesTheSandboxPathAndKeyVersionTwo() throws Exception {
        String target = "/ams/sandbox/api/v1/payments/pay";
        Exchange ex = sim.post(SimFixture.signer("merchant-1", SANDBOX_CLIENT, 1), target, BODY.formatted("sbx"));
        assertThat(ex.resultCode()).isEqualTo("SUCCESS");
        sim.verify(ex, target, SANDBOX_CLIENT);
        Exchange v2 = sim.post(SimFixture.signer("merchant-2", CLIENT, 2), PAY, BODY.formatted("v2"));
        assertThat(v2.resultCode()).isEqualTo("SUCCESS");
    }

    @Test
    void countsAcceptedRequestsByTheKeyVersionThatSigned() throws Exception {
        long v1 = accepted(1);
        long v2 = accepted(2);
        assertThat(sim.post(SimFixture.signer("merchant-2", CLIENT, 2), PAY, BODY.formatted("count-v2"))
                        .resultCode())
                .isEqualTo("SUCCESS");
        Exchange forged = sim.post(SimFixture.signer("merchant-1", CLIENT, 2), PAY, BODY.formatted("count-forged"));
        assertThat(forged.resultCode()).isEqualTo("INVALID_SIGNATURE");
        assertThat(accepted(2))
                .as("the v2 request counts, the forged one does not")
                .isEqualTo(v2 + 1);
        assertThat(accepted(1)).isEqualTo(v1);
    }

    private static long accepted(int keyVersion) {
        return sim.simulator
                .state()
                .path("acceptedByKeyVersion")
                .path(Integer.toString(keyVersion))
                .asLong();
    }

    @Test
    void rejectsOtherMethods() throws Exception {
        byte[] body = BODY.formatted("get").getBytes(StandardCharsets.UTF_8);
        JcaSigner signer = SimFixture.signer("merchant-1", CLIENT, 1);
        Exchange ex = sim.send("PUT", PAY, SimFixture.signedHeaders(signer, "PUT", PAY, body), body);
        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.resultCode()).isEqualTo("METHOD_NOT_SUPPORTED");
        assertThat(ex.resultStatus()).isEqualTo("F");
        sim.verify(ex, PAY, CLIENT);
    }

    @Test
    void rejectsANonJsonMediaType() throws Exception {
        byte[] body = BODY.formatted("xml").getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new java.util.HashMap<>(
                SimFixture.signedHeaders(SimFixture.signer("merchant-1", CLIENT, 1), "POST", PAY, body));
        h.put("Content-Type", "text/xml");
        assertThat(sim.send("POST", PAY, h, body).resultCode()).isEqualTo("MEDIA_TYPE_NOT_ACCEPTABLE");
    }

    @Test
    void rejectsAnUnknownClientId() throws Exception {
        Exchange ex = sim.post(SimFixture.signer("merchant-1", "UNKNOWN_CLIENT", 1), PAY, BODY.formatted("unknown"));
        assertThat(ex.resultCode()).isEqualTo("CLIENT_INVALID");
        sim.verify(ex, PAY, "UNKNOWN_CLIENT");
    }

    @Test
    void rejectsAnUnknownKeyVersion() throws Exception {
        Exchange ex = sim.post(SimFixture.signer("merchant-1", CLIENT, 7), PAY, BODY.formatted("kv7"));
        assertThat(ex.resultCode()).isEqualTo("KEY_NOT_FOUND");
    }

    @Test
    void rejectsABodyThatDiffersFromWhatWasSigned() throws Exception {
        byte[] signed = BODY.formatted("tamper").getBytes(StandardCharsets.UTF_8);
        Map<String, String> h =
                SimFixture.signedHeaders(SimFixture.signer("merchant-1", CLIENT, 1), "POST", PAY, signed);
        byte[] sent = (BODY.formatted("tamper") + "\n").getBytes(StandardCharsets.UTF_8);
        Exchange ex = sim.send("POST", PAY, h, sent);
        assertThat(ex.resultCode()).isEqualTo("INVALID_SIGNATURE");
        sim.verify(ex, PAY, CLIENT);
    }

    @Test
    void rejectsASignatureOverAnotherPathOrKeyOrNone() throws Exception {
        byte[] body = BODY.formatted("path").getBytes(StandardCharsets.UTF_8);
        JcaSigner m1 = SimFixture.signer("merchant-1", CLIENT, 1);
        Map<String, String> otherPath = SimFixture.signedHeaders(m1, "POST", "/ams/sandbox/api/v1/payments/pay", body);
        assertThat(sim.send("POST", PAY, otherPath, body).resultCode()).isEqualTo("INVALID_SIGNATURE");
        Exchange wrongKey = sim.post(SimFixture.signer("merchant-3", CLIENT, 1), PAY, BODY.formatted("key3"));
        assertThat(wrongKey.resultCode()).isEqualTo("INVALID_SIGNATURE");
        Map<String, String> none = new java.util.HashMap<>(SimFixture.signedHeaders(m1, "POST", PAY, body));
        none.remove("Signature");
        assertThat(sim.send("POST", PAY, none, body).resultCode()).isEqualTo("INVALID_SIGNATURE");
    }

    @Test
    void answersAnUndefinedApiAndABodyOverTheLimit() throws Exception {
        assertThat(sim.post("/ams/api/v1/payments/nope", "{}").resultCode()).isEqualTo("NO_INTERFACE_DEF");
        String big = "{\"pad\":\"" + "x".repeat(200 * 1024) + "\"}";
        assertThat(sim.post(PAY, big).status()).isEqualTo(413);
    }

    @Test
    void decryptsRsaAesRequestsAndEncryptsTheAnswerForTheMerchant() throws Exception {
        byte[] plain = BODY.formatted("enc").getBytes(StandardCharsets.UTF_8);
        EncryptedMessages.Encrypted enc =
                EncryptedMessages.encrypt(plain, sim.simulator.alipayPublicKey(), 256, new SecureRandom());
        String time = Long.toString(System.currentTimeMillis());
        JcaSigner m1 = SimFixture.signer("merchant-1", CLIENT, 1);
        Map<String, String> h = Map.of(
                "Content-Type",
                RsaAes.CONTENT_TYPE,
                "Client-Id",
                CLIENT,
                "Request-Time",
                time,
                "Encrypt",
                enc.encryptHeader(),
                "Signature",
                RequestSigning.signatureHeader(m1, CLIENT, "POST", PAY, time, enc.body())
                        .toCompletableFuture()
                        .join());
        Exchange ex = sim.send("POST", PAY, h, enc.body());
        assertThat(ex.header("content-type")).isEqualTo(RsaAes.CONTENT_TYPE);
        sim.verify(ex, PAY, CLIENT);
        String answer =
                EncryptedMessages.decryptToString(ex.header("encrypt"), ex.body(), Vectors.privateKey("merchant-1"));
        assertThat(answer).contains("\"resultCode\":\"SUCCESS\"").contains("chk-enc");
    }

    @Test
    void responsesFailVerificationWhenCheckedAgainstAnotherPath() throws Exception {
        Exchange ex = sim.post(PAY, BODY.formatted("other"));
        assertThatThrownBy(() -> sim.verify(ex, "/ams/api/v1/payments/refund", CLIENT))
                .isInstanceOf(VerificationException.class);
    }
}
