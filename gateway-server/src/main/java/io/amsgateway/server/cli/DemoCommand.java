package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.key.KeyRef;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.RequestSigning;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The embedded default: runs with freshly generated test keys and needs no credentials and no
 * network.
 *
 * <p>Today it walks through one signed exchange in-process: the merchant side signs a payment
 * request, an "Alipay" side verifies it and signs its response, the gateway side verifies that
 * response with the strict rule, and a tampered copy is rejected. The proxy and the local AMS
 * simulator (issues 3 and 4) will turn this into a running gateway in front of a simulator.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Walk through one signed AMS exchange with generated test keys (offline).")
public final class DemoCommand implements Callable<Integer> {
    static final String CLIENT_ID = "SANDBOX_DEMO000000000000";
    static final String PATH = "/ams/sandbox/api/v1/payments/pay";
    static final String REQUEST =
            "{\"paymentRequestId\":\"demo-0001\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1000\"},"
                    + "\"order\":{\"orderDescription\":\"Cappuccino (Mika's coffee shop) \u2615\",\"referenceOrderId\":\"ORDER-0001\"},"
                    + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},\"productCode\":\"CASHIER_PAYMENT\"}";
    static final String RESPONSE = "{\"result\":{\"resultCode\":\"PAYMENT_IN_PROCESS\",\"resultStatus\":\"U\","
            + "\"resultMessage\":\"payment in process\"},\"paymentRequestId\":\"demo-0001\"}";

    @Spec
    CommandSpec spec;

    @Mixin
    CryptoOptions crypto;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CryptoProvider provider = crypto.provider();
        out.println(
                "AMS signing demo (offline, generated RSA-2048 test keys, crypto provider: " + provider.name() + ")");
        out.println("The proxy and the local AMS simulator are not built yet; this shows the protocol core they use.");
        out.println();

        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair merchant = gen.generateKeyPair();
        KeyPair alipay = gen.generateKeyPair();
        JcaSigner merchantSigner =
                JcaSigner.create(new KeyRef(CLIENT_ID, 1), SignatureAlgorithm.RSA256, merchant.getPrivate(), provider);
        JcaSigner alipaySigner =
                JcaSigner.create(new KeyRef(CLIENT_ID, 1), SignatureAlgorithm.RSA256, alipay.getPrivate(), provider);
        VerifierSet merchantKeys =
                VerifierSet.of(JcaVerifier.create(1, SignatureAlgorithm.RSA256, merchant.getPublic(), provider));
        VerifierSet alipayKeys =
                VerifierSet.of(JcaVerifier.create(1, SignatureAlgorithm.RSA256, alipay.getPublic(), provider));

        byte[] request = REQUEST.getBytes(StandardCharsets.UTF_8);
        String requestTime = Long.toString(System.currentTimeMillis());
        String requestSignature = RequestSigning.signatureHeader(merchantSigner, "POST", PATH, requestTime, request)
                .toCompletableFuture()
                .join();
        out.println("1. The gateway signs the caller's body as is and sends:");
        out.println("   POST " + PATH);
        out.println("   Client-Id: " + CLIENT_ID);
        out.println("   Request-Time: " + requestTime);
        out.println("   Signature: " + abbreviate(requestSignature));
        out.println("   " + REQUEST);

        VerifiedMessage accepted = MessageVerifier.verify(
                "POST",
                PATH,
                CLIENT_ID,
                new SignedHeaders(CLIENT_ID, requestTime, requestSignature),
                request,
                merchantKeys);
        out.println(
                "2. Alipay verifies it with the merchant's public key: keyVersion=" + accepted.keyVersion() + " OK");

        byte[] response = RESPONSE.getBytes(StandardCharsets.UTF_8);
        String responseTime = java.time.OffsetDateTime.now().withNano(0).toString();
        String responseSignature = RequestSigning.signatureHeader(alipaySigner, "POST", PATH, responseTime, response)
                .toCompletableFuture()
                .join();
        out.println("3. Alipay answers, signed: response-time: " + responseTime + ", signature: "
                + abbreviate(responseSignature));

        VerifiedMessage verified = MessageVerifier.verify(
                "POST",
                PATH,
                CLIENT_ID,
                new SignedHeaders(CLIENT_ID, responseTime, responseSignature),
                response,
                alipayKeys);
        out.println("4. The gateway verifies the response (strict rule) before the caller sees it: keyVersion="
                + verified.keyVersion() + " OK");
        out.println("   " + RESPONSE);

        byte[] tampered = response.clone();
        tampered[tampered.length - 3] ^= 0x01;
        try {
            MessageVerifier.verify(
                    "POST",
                    PATH,
                    CLIENT_ID,
                    new SignedHeaders(CLIENT_ID, responseTime, responseSignature),
                    tampered,
                    alipayKeys);
            out.println("5. BUG: a tampered response verified");
            out.flush();
            return 1;
        } catch (VerificationException e) {
            out.println("5. One changed byte in the response: rejected (" + e.reason()
                    + "); the caller would get GATEWAY_RESPONSE_SIGNATURE_INVALID with resultStatus U.");
        }
        out.flush();
        return 0;
    }

    private static String abbreviate(String signatureHeader) {
        int i = signatureHeader.indexOf("signature=");
        return i < 0 || signatureHeader.length() < i + 40
                ? signatureHeader
                : signatureHeader.substring(0, i + 30) + "... (" + (signatureHeader.length() - i - 10)
                        + " characters in all)";
    }
}
