package io.amsgateway.server.notify;

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
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification service without a socket: real file keys, a fake internal service. */
class NotificationServiceTest {
    static final long NOW = 1_700_000_000_000L;
    static final String PATH = "/alipay/notify/payment";
    static final String BODY = "{\"notifyType\":\"PAYMENT_RESULT\",\"paymentRequestId\":\"r-1\"}";

    @TempDir
    Path dir;

    final List<HttpRequest> delivered = new CopyOnWriteArrayList<>();
    volatile int internalStatus = 200;
    TestProfiles profiles;
    NotificationService service;

    @BeforeEach
    void start() {
        profiles = new TestProfiles(
                dir,
                r -> CompletableFuture.failedFuture(new AssertionError("notifications send nothing to Alipay")),
                "gateway.notifications { enabled = true, forward-url = \"http://internal.invalid/alipay\" }");
        service = new NotificationService(profiles.cfg.notifications(), profiles.registry, () -> NOW, r -> {
            delivered.add(r);
            return CompletableFuture.completedFuture(internalStatus);
        });
    }

    @AfterEach
    void close() {
        profiles.close();
    }

    GatewayRequest notification(String time, String signedBody, String sentBody) {
        JcaSigner signer = JcaSigner.create(
                TestProfiles.CLIENT_ID,
                1,
                SignatureAlgorithm.RSA256,
                profiles.alipay.getPrivate(),
                CryptoProvider.jdk());
        byte[] sig = signer.signNow(SignContent.build(
                "POST", PATH, TestProfiles.CLIENT_ID, time, signedBody.getBytes(StandardCharsets.UTF_8)));
        return new GatewayRequest(
                "POST",
                PATH,
                TestProfiles.CLIENT_ID,
                null,
                time,
                SignatureHeader.format(SignatureAlgorithm.RSA256, 1, sig),
                sentBody.getBytes(StandardCharsets.UTF_8));
    }

    static ErrorCode refusal(CompletableFuture<CallResult> f) {
        Throwable x = f.handle((r, t) -> t).join();
        assertThat(x).as("the notification was refused").isNotNull();
        Throwable e = Futures.unwrap(x);
        assertThat(e).isInstanceOf(GatewayException.class);
        return ((GatewayException) e).code();
    }

    @Test
    void aVerifiedNotificationIsDeliveredOnceAndAcknowledged() {
        CallContext call = new CallContext(Runnable::run);
        GatewayRequest n = notification(Long.toString(NOW), BODY, BODY);

        CallResult first = CallHandler.invoke(service, call, n).join();
        CallResult again =
                CallHandler.invoke(service, new CallContext(Runnable::run), n).join();

        assertThat(first).isEqualTo(new CallResult.Acknowledged(1));
        assertThat(again).as("a duplicate is acknowledged too").isEqualTo(new CallResult.Acknowledged(1));
        assertThat(delivered).hasSize(1);
        HttpRequest d = delivered.get(0);
        assertThat(d.uri().toString()).isEqualTo("http://internal.invalid/alipay/payment");
        assertThat(d.headers().firstValue("X-Gateway-Client-Id")).hasValue(TestProfiles.CLIENT_ID);
        assertThat(d.headers().firstValue("X-Gateway-Verified-Key-Version")).hasValue("1");
        assertThat(call.profile()).isEqualTo("sandbox");
        assertThat(call.api()).isEqualTo("notify");
    }

    @Test
    void refusalsAreNeverDeliveredAndBelongToNoProfile() {
        CallContext tampered = new CallContext(Runnable::run);
        assertThat(refusal(CallHandler.invoke(
                        service, tampered, notification(Long.toString(NOW), BODY, BODY.replace("r-1", "r-2")))))
                .isEqualTo(ErrorCode.NOTIFICATION_SIGNATURE_INVALID);
        assertThat(tampered.profile()).isEqualTo(CallContext.NONE);
        assertThat(tampered.verificationFailure())
                .as("counted under the profile whose keys refused it")
                .isEqualTo(new CallContext.VerificationFailure("sandbox", VerificationException.Reason.BAD_SIGNATURE));

        String twoHoursAgo = Long.toString(NOW - TimeUnit.HOURS.toMillis(2));
        assertThat(refusal(CallHandler.invoke(
                        service, new CallContext(Runnable::run), notification(twoHoursAgo, BODY, BODY))))
                .isEqualTo(ErrorCode.NOTIFICATION_STALE);

        GatewayRequest noClient = new GatewayRequest("POST", PATH, null, null, null, null, new byte[0]);
        assertThat(refusal(CallHandler.invoke(service, new CallContext(Runnable::run), noClient)))
                .isEqualTo(ErrorCode.NOTIFICATION_SIGNATURE_INVALID);
        GatewayRequest get = new GatewayRequest("GET", PATH, TestProfiles.CLIENT_ID, null, null, null, new byte[0]);
        assertThat(refusal(CallHandler.invoke(service, new CallContext(Runnable::run), get)))
                .isEqualTo(ErrorCode.METHOD_NOT_SUPPORTED);
        assertThat(delivered).isEmpty();
    }

    @Test
    void theForwardCarriesAlipaysSignatureHeadersUnlessSwitchedOff() throws Exception {
        GatewayRequest n = notification(Long.toString(NOW), BODY, BODY);
        CallHandler.invoke(service, new CallContext(Runnable::run), n).join();
        HttpRequest on = delivered.get(0);
        assertThat(on.version()).hasValue(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(on.headers().firstValue("client-id")).hasValue(TestProfiles.CLIENT_ID);
        assertThat(on.headers().firstValue("request-time")).hasValue(Long.toString(NOW));
        assertThat(on.headers().firstValue("signature")).hasValue(n.signature());
        assertThat(on.headers().firstValue("content-type"))
                .as("none received: JSON in UTF-8")
                .hasValue("application/json; charset=UTF-8");
        assertThat(on.headers().firstValue("X-Gateway-Verified-Key-Version")).hasValue("1");

        TestProfiles quiet = new TestProfiles(
                java.nio.file.Files.createDirectories(dir.resolve("quiet")),
                r -> CompletableFuture.failedFuture(new AssertionError("notifications send nothing to Alipay")),
                "gateway.notifications { enabled = true, forward-url = \"http://internal.invalid/alipay\","
                        + " forward-signature-headers = false }");
        try {
            List<HttpRequest> got = new CopyOnWriteArrayList<>();
            NotificationService off =
                    new NotificationService(quiet.cfg.notifications(), quiet.registry, () -> NOW, r -> {
                        got.add(r);
                        return CompletableFuture.completedFuture(200);
                    });
            JcaSigner signer = JcaSigner.create(
                    TestProfiles.CLIENT_ID,
                    1,
                    SignatureAlgorithm.RSA256,
                    quiet.alipay.getPrivate(),
                    CryptoProvider.jdk());
            byte[] sig = signer.signNow(SignContent.build(
                    "POST", PATH, TestProfiles.CLIENT_ID, Long.toString(NOW), BODY.getBytes(StandardCharsets.UTF_8)));
            GatewayRequest q = new GatewayRequest(
                    "POST",
                    PATH,
                    TestProfiles.CLIENT_ID,
                    null,
                    Long.toString(NOW),
                    SignatureHeader.format(SignatureAlgorithm.RSA256, 1, sig),
                    BODY.getBytes(StandardCharsets.UTF_8),
                    "application/json",
                    "Alipay/1.0");
            CallHandler.invoke(off, new CallContext(Runnable::run), q).join();
            HttpRequest r = got.get(0);
            assertThat(r.headers().map()).doesNotContainKeys("client-id", "request-time", "signature");
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(r.headers().firstValue("user-agent")).hasValue("Alipay/1.0");
            assertThat(r.headers().firstValue("X-Gateway-Client-Id")).hasValue(TestProfiles.CLIENT_ID);
        } finally {
            quiet.close();
        }
    }

    @Test
    void aFailedDeliveryIsNotAcknowledgedAndNotRemembered() {
        internalStatus = 500;
        CallContext call = new CallContext(Runnable::run);
        GatewayRequest n = notification(Long.toString(NOW), BODY, BODY);
        assertThat(refusal(CallHandler.invoke(service, call, n))).isEqualTo(ErrorCode.NOTIFICATION_NOT_DELIVERED);
        assertThat(call.profile()).as("counted under the profile").isEqualTo("sandbox");

        internalStatus = 200;
        assertThat(CallHandler.invoke(service, new CallContext(Runnable::run), n)
                        .join())
                .isEqualTo(new CallResult.Acknowledged(1));
        assertThat(delivered).as("the retry is delivered").hasSize(2);
    }
}
