package io.amsgateway.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.SignContent;
import io.amsgateway.core.protocol.SignatureHeader;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.GatewayRequest;
import io.amsgateway.server.profile.TestProfiles;
import io.amsgateway.server.upstream.UpstreamException;
import io.amsgateway.server.upstream.UpstreamRequest;
import io.amsgateway.server.upstream.UpstreamResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AMS call service without a socket: real file keys, a fake upstream behind the seam. */
class ProxyServiceTest {
    static final long NOW = 1_700_000_000_000L;
    static final String PAY = "/ams/api/v1/payments/pay";
    static final String BODY =
            "{\"paymentRequestId\":\"r-1\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1\"}}";
    static final String ANSWER =
            "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"ok\"}}";

    @TempDir
    Path dir;

    final List<UpstreamRequest> sent = new CopyOnWriteArrayList<>();
    volatile Function<UpstreamRequest, CompletableFuture<UpstreamResponse>> alipay = this::signedAnswer;
    TestProfiles profiles;
    ProxyService service;

    ProxyService service() {
        profiles = new TestProfiles(
                dir,
                r -> {
                    sent.add(r);
                    return alipay.apply(r);
                },
                "");
        service = new ProxyService(profiles.registry, () -> NOW);
        return service;
    }

    @AfterEach
    void close() {
        if (profiles != null) {
            profiles.close();
        }
    }

    /** Alipay's answer as the simulator gives it: signed with Alipay's key over the request's target. */
    CompletableFuture<UpstreamResponse> signedAnswer(UpstreamRequest r) {
        return CompletableFuture.completedFuture(answer(r, ANSWER, ANSWER));
    }

    UpstreamResponse answer(UpstreamRequest r, String signedBody, String sentBody) {
        JcaSigner signer = JcaSigner.create(
                TestProfiles.CLIENT_ID,
                1,
                SignatureAlgorithm.RSA256,
                profiles.alipay.getPrivate(),
                CryptoProvider.jdk());
        String time = "2026-12-01T10:00:00+08:00";
        byte[] sig = signer.signNow(SignContent.build(
                "POST", r.target(), TestProfiles.CLIENT_ID, time, signedBody.getBytes(StandardCharsets.UTF_8)));
        return new UpstreamResponse(
                200,
                Map.of(
                        "client-id",
                        TestProfiles.CLIENT_ID,
                        "response-time",
                        time,
                        "signature",
                        SignatureHeader.format(SignatureAlgorithm.RSA256, 1, sig)),
                sentBody.getBytes(StandardCharsets.UTF_8),
                1_234);
    }

    static GatewayRequest request(String method, String uri, String clientId, String body) {
        return new GatewayRequest(method, uri, clientId, null, null, null, body.getBytes(StandardCharsets.UTF_8));
    }

    static CallContext context() {
        return new CallContext(Runnable::run);
    }

    static Throwable failure(CompletableFuture<CallResult> f) {
        Throwable e = f.handle((r, x) -> x).join();
        assertThat(e).as("the call failed").isNotNull();
        return Futures.unwrap(e);
    }

    @Test
    void aCallIsSignedSentAndItsVerifiedAnswerPassedOnUnchanged() throws Exception {
        CallContext call = context();
        CompletableFuture<CallResult> f =
                CallHandler.invoke(service(), call, request("POST", PAY, TestProfiles.CLIENT_ID, BODY));

        assertThat(f.join()).isInstanceOfSatisfying(CallResult.Verified.class, v -> {
            assertThat(new String(v.body(), StandardCharsets.UTF_8)).isEqualTo(ANSWER);
            assertThat(v.keyVersion()).isEqualTo(1);
        });
        assertThat(call.profile()).isEqualTo("sandbox");
        assertThat(call.api()).isEqualTo("payments/pay");
        assertThat(call.upstreamNanos()).isEqualTo(1_234);
        assertThat(call.signNanos()).isNotNegative();
        assertThat(call.verifyNanos()).isNotNegative();
        assertThat(call.verificationFailure()).isNull();

        UpstreamRequest r = sent.get(0);
        assertThat(r.target())
                .as("a SANDBOX_ client id goes to the sandbox path")
                .isEqualTo("/ams/sandbox/api/v1/payments/pay");
        assertThat(r.headers())
                .containsOnlyKeys("Content-Type", "Client-Id", "Request-Time", "User-Agent", "Signature")
                .containsEntry("Client-Id", TestProfiles.CLIENT_ID)
                .containsEntry("Request-Time", Long.toString(NOW));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        SignatureHeader h = SignatureHeader.parse(r.headers().get("Signature"));
        assertThat(h.keyVersion()).isEqualTo(1);
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(profiles.merchant.getPublic());
        verify.update(SignContent.build("POST", r.target(), TestProfiles.CLIENT_ID, Long.toString(NOW), r.body()));
        assertThat(verify.verify(h.signatureBytes()))
                .as("signed with the merchant's key")
                .isTrue();
    }

    @Test
    void theCallersAuthorizationHeaderIsNeverForwarded() {
        CallContext call = context();
        GatewayRequest withAuth = new GatewayRequest(
                "POST",
                PAY,
                TestProfiles.CLIENT_ID,
                null,
                null,
                null,
                BODY.getBytes(StandardCharsets.UTF_8),
                null,
                null,
                "Bearer s3cret");
        assertThat(CallHandler.invoke(service(), call, withAuth).join()).isInstanceOf(CallResult.Verified.class);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        assertThat(sent.get(0).headers().values()).noneMatch(v -> v.contains("s3cret"));
        assertThat(call.signingKeyVersion()).as("noted for the audit record").isEqualTo(1);
        assertThat(call.clientId()).isEqualTo(TestProfiles.CLIENT_ID);
    }

    @Test
    void anAnswerThatDoesNotVerifyIsWithheld() {
        alipay = r -> CompletableFuture.completedFuture(answer(r, ANSWER, ANSWER.replace("\"S\"", "\"F\"")));
        CallContext call = context();
        Throwable e = failure(CallHandler.invoke(service(), call, request("POST", PAY, null, BODY)));
        assertThat(e).isInstanceOfSatisfying(GatewayException.class, g -> assertThat(g.code())
                .isEqualTo(ErrorCode.RESPONSE_SIGNATURE_INVALID));
        assertThat(call.profile()).as("the default profile").isEqualTo("sandbox");
        assertThat(call.verificationFailure())
                .as("noted for the recorder")
                .isEqualTo(new CallContext.VerificationFailure("sandbox", VerificationException.Reason.BAD_SIGNATURE));
        assertThat(call.signNanos()).isNotNegative();
        assertThat(call.verifyNanos()).as("nothing verified").isEqualTo(-1);
    }

    @Test
    void aBadStatusFromAlipayIsUnknownAndKeepsTheUpstreamTime() {
        alipay = r -> CompletableFuture.completedFuture(new UpstreamResponse(500, Map.of(), new byte[0], 777));
        CallContext call = context();
        Throwable e = failure(CallHandler.invoke(service(), call, request("POST", PAY, null, BODY)));
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.UPSTREAM_BAD_STATUS);
        assertThat(call.upstreamNanos()).isEqualTo(777);
    }

    @Test
    void anUpstreamFailurePassesThroughAsItIs() {
        alipay = r -> CompletableFuture.failedFuture(
                new UpstreamException(ErrorCode.UPSTREAM_CONNECT_FAILED, "cannot connect"));
        Throwable e = failure(CallHandler.invoke(service(), context(), request("POST", PAY, null, BODY)));
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.UPSTREAM_CONNECT_FAILED);
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsSentAndBelongToNoProfile() {
        service();
        CallContext unknown = context();
        Throwable e = failure(CallHandler.invoke(service, unknown, request("POST", PAY, "SANDBOX_NOBODY", BODY)));
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.UNKNOWN_CLIENT);
        assertThat(unknown.profile()).isEqualTo(CallContext.NONE);
        assertThat(unknown.api()).isEqualTo("payments/pay");

        CallContext notJson = context();
        e = failure(CallHandler.invoke(service, notJson, request("POST", PAY, null, "[1]")));
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(notJson.profile()).isEqualTo(CallContext.NONE);

        e = failure(CallHandler.invoke(service, context(), request("GET", PAY, null, BODY)));
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.METHOD_NOT_SUPPORTED);
        e = failure(CallHandler.invoke(service, context(), request("POST", "/metrics", null, BODY)));
        assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.ROUTE_NOT_FOUND);
        assertThat(sent).isEmpty();
    }
}
