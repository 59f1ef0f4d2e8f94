package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.AlipayResult;
import io.amsgateway.core.protocol.SignContent;
import io.amsgateway.core.protocol.SignatureHeader;
import io.amsgateway.simulator.LeakCheck;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alipay's notifications through the gateway's ingress to an internal service: real notifications
 * from the simulator, and hand-signed ones for the refusals.
 */
@ExtendWith(LeakCheck.class)
class NotificationIngressTest {
    record Delivery(String path, String keyVersion, String body, String protocol, Map<String, List<String>> headers) {}

    @TempDir
    static Path dir;

    static KeyPair alipay;
    static HttpServer internal;
    static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    static final AtomicInteger internalStatus = new AtomicInteger(200);
    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int status = internalStatus.get();
            if (status == 200) {
                deliveries.add(new Delivery(
                        ex.getRequestURI().toString(),
                        ex.getRequestHeaders().getFirst("X-Gateway-Verified-Key-Version"),
                        new String(body, StandardCharsets.UTF_8),
                        ex.getProtocol(),
                        Map.copyOf(ex.getRequestHeaders())));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        internal.start();
        alipay = GatewayFixture.rsa();
        f = GatewayFixture.start(
                dir,
                b -> b.alipayPrivateKey(alipay.getPrivate()).notifyScheduleScale(0.001),
                "gateway.notifications { enabled = true, forward-url = \"http://127.0.0.1:"
                        + internal.getAddress().getPort() + "/internal/alipay\" }");
    }

    @AfterAll
    static void stop() {
        f.close();
        internal.stop(0);
    }

    @BeforeEach
    void reset() {
        deliveries.clear();
        internalStatus.set(200);
    }

    @Test
    void aRealNotificationFromTheSimulatorIsVerifiedForwardedAndAcknowledged() throws Exception {
        String requestId = id();
        String pay = "{\"paymentRequestId\":\"" + requestId
                + "\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"42\"},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},"
                + "\"paymentNotifyUrl\":\"http://127.0.0.1:" + f.gateway.port() + "/alipay/notify/payment?src=ams\"}";
        assertThat(f.post("/ams/api/v1/payments/pay", pay).statusCode()).isEqualTo(200);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (deliveries.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(deliveries).hasSize(1);
        Delivery d = deliveries.get(0);
        assertThat(d.path()).as("the path below the prefix is kept").isEqualTo("/internal/alipay/payment?src=ams");
        assertThat(d.keyVersion()).isEqualTo("1");
        assertThat(d.body()).contains("\"notifyType\":\"PAYMENT_RESULT\"").contains(requestId);
        while (f.sim.state().at("/notifications/delivered").asLong() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(f.sim.state().at("/notifications/delivered").asLong())
                .as("the simulator got the exact ack")
                .isEqualTo(1);
    }

    static HttpResponse<String> notify(String path, String time, String body, boolean tamper) throws Exception {
        JcaSigner signer = JcaSigner.create(
                GatewayFixture.CLIENT_ID, 1, SignatureAlgorithm.RSA256, alipay.getPrivate(), CryptoProvider.jdk());
        byte[] sig = signer.signNow(
                SignContent.build("POST", path, GatewayFixture.CLIENT_ID, time, body.getBytes(StandardCharsets.UTF_8)));
        return f.post(
                path,
                tamper ? body.replace("SUCCESS", "FAIL") : body,
                Map.of(
                        "client-id",
                        GatewayFixture.CLIENT_ID,
                        "request-time",
                        time,
                        "signature",
                        SignatureHeader.format(SignatureAlgorithm.RSA256, 1, sig)));
    }

    /** A signed notification as Alipay posts it, over HTTP/1.1 with its own content type and user agent. */
    static HttpResponse<String> notifyAs(String path, String time, String body, String contentType) throws Exception {
        JcaSigner signer = JcaSigner.create(
                GatewayFixture.CLIENT_ID, 1, SignatureAlgorithm.RSA256, alipay.getPrivate(), CryptoProvider.jdk());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] sig = signer.signNow(SignContent.build("POST", path, GatewayFixture.CLIENT_ID, time, bytes));
        java.net.http.HttpClient http11 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        return http11.send(
                java.net.http.HttpRequest.newBuilder(f.uri(path))
                        .timeout(java.time.Duration.ofSeconds(20))
                        .header("Content-Type", contentType)
                        .header("User-Agent", "Alipay-Notify-Test/1.0")
                        .header("client-id", GatewayFixture.CLIENT_ID)
                        .header("request-time", time)
                        .header("signature", SignatureHeader.format(SignatureAlgorithm.RSA256, 1, sig))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String body() {
        return "{\"notifyType\":\"PAYMENT_RESULT\",\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\","
                + "\"resultMessage\":\"success\"},\"paymentRequestId\":\"" + id() + "\"}";
    }

    static String now() {
        return java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8))
                .withNano(0)
                .toString();
    }

    @Test
    void theInternalServiceGetsAlipaysHeadersOverPlainHttp11WithoutAnUpgradeOffer() throws Exception {
        String body = body();
        String time = now();
        HttpResponse<String> r = notifyAs("/alipay/notify/payment", time, body, "application/json;charset=UTF-8");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(deliveries).hasSize(1);
        Delivery d = deliveries.get(0);
        assertThat(d.protocol()).isEqualTo("HTTP/1.1");
        assertThat(d.body()).isEqualTo(body);
        Map<String, List<String>> h = d.headers();
        assertThat(h.keySet())
                .as("exactly these headers (JDK HttpServer capitalises names)")
                .containsExactlyInAnyOrder(
                        "Host",
                        "Content-length",
                        "Content-type",
                        "User-agent",
                        "Client-id",
                        "Request-time",
                        "Signature",
                        "X-gateway-client-id",
                        "X-gateway-verified-key-version");
        assertThat(h.get("Content-type"))
                .as("Alipay's content type, unchanged")
                .containsExactly("application/json;charset=UTF-8");
        assertThat(h.get("User-agent")).containsExactly("Alipay-Notify-Test/1.0");
        assertThat(h.get("Client-id")).containsExactly(GatewayFixture.CLIENT_ID);
        assertThat(h.get("Request-time")).containsExactly(time);
        assertThat(h.get("Signature").get(0)).startsWith("algorithm=RSA256,keyVersion=1,signature=");
        assertThat(h.get("X-gateway-client-id")).containsExactly(GatewayFixture.CLIENT_ID);
        assertThat(h.get("X-gateway-verified-key-version")).containsExactly("1");
        assertThat(h).doesNotContainKeys("Upgrade", "Connection", "Http2-settings");
    }

    @Test
    void aDuplicateIsAcknowledgedButForwardedOnce() throws Exception {
        String body = body();
        HttpResponse<String> first = notify("/alipay/notify/payment", now(), body, false);
        HttpResponse<String> again =
                notify("/alipay/notify/payment", Long.toString(System.currentTimeMillis()), body, false);
        String ack = new String(AlipayResult.NOTIFICATION_ACK.toJsonBytes(), StandardCharsets.UTF_8);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(ack);
        assertThat(again.body()).isEqualTo(ack);
        assertThat(deliveries).hasSize(1);
    }

    @Test
    void aTamperedNotificationIsRefusedAndNotForwarded() throws Exception {
        HttpResponse<String> r = notify("/alipay/notify/payment", now(), body(), true);
        assertGatewayError(r, 401, "GATEWAY_NOTIFICATION_SIGNATURE_INVALID", "F");
        assertThat(deliveries).isEmpty();
    }

    @Test
    void aStaleNotificationIsRefused() throws Exception {
        String twoHoursAgo = Long.toString(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(2));
        assertGatewayError(
                notify("/alipay/notify/payment", twoHoursAgo, body(), false), 401, "GATEWAY_NOTIFICATION_STALE", "F");
        assertGatewayError(
                notify("/alipay/notify/payment", "yesterday", body(), false), 401, "GATEWAY_NOTIFICATION_STALE", "F");
        assertThat(deliveries).isEmpty();
    }

    @Test
    void anInternalFailureIsNotAcknowledgedSoAlipayRetries() throws Exception {
        String body = body();
        internalStatus.set(500);
        assertGatewayError(
                notify("/alipay/notify/payment", now(), body, false), 502, "GATEWAY_NOTIFICATION_NOT_DELIVERED", "U");
        internalStatus.set(200);
        HttpResponse<String> retry = notify("/alipay/notify/payment", now(), body, false);
        assertThat(retry.statusCode())
                .as("the retry is delivered, not taken for a duplicate")
                .isEqualTo(200);
        assertThat(deliveries).hasSize(1);
    }
}
