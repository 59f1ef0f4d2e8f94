package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.caller.AuditLog;
import io.amsgateway.server.caller.AuditRecord;
import io.amsgateway.server.caller.TestPki;
import io.amsgateway.server.logging.JsonEncoder;
import io.amsgateway.simulator.LeakCheck;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The caller edge wired into a real gateway: TLS and mTLS on loopback with certificates made here,
 * each identity form, allowed and forbidden calls, bearer tokens, unknown and untrusted callers,
 * a rotated server certificate picked up by the running gateway, and the audit record of each
 * decision as the exit writes it.
 */
@ExtendWith(LeakCheck.class)
class CallerEdgeEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "reporting-token-" + UUID.randomUUID();
    static final String CARD = "4111111111111111";

    @TempDir
    static Path dir;

    static TestPki.Issued ca;
    static TestPki.Issued full;
    static TestPki.Issued inquiry;
    static TestPki.Issued cn;
    static TestPki.Issued expired;
    static TestPki.Issued untrusted;
    static GatewayFixture f;

    static final Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER_NAME);
    static final ListAppender<ILoggingEvent> auditLines = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        ca = TestPki.ca("test callers CA");
        TestPki.Issued server = TestPki.server(ca);
        full = TestPki.issue(TestPki.spec().cn("ignored").uri("spiffe://cluster.local/ns/shop/sa/full"), ca);
        inquiry = TestPki.issue(TestPki.spec().cn("ignored").dns("Inquiry.Shop.svc"), ca);
        cn = TestPki.issue(TestPki.spec().cn("batch"), ca);
        expired = TestPki.issue(
                TestPki.spec().uri("spiffe://cluster.local/ns/shop/sa/full").expired(), ca);
        untrusted =
                TestPki.issue(TestPki.spec().uri("spiffe://cluster.local/ns/shop/sa/full"), TestPki.ca("another CA"));
        writeServer(server);
        TestPki.write(dir.resolve("ca.pem"), TestPki.pem(ca.cert()));
        audit.setLevel(Level.INFO);
        auditLines.setContext(audit.getLoggerContext());
        auditLines.start();
        audit.addAppender(auditLines);
        f = GatewayFixture.start(dir, b -> {}, edge("optional"));
    }

    static void writeServer(TestPki.Issued server) throws Exception {
        // The key first: a check between the two writes sees a mismatch, which the reloader skips.
        TestPki.write(dir.resolve("server-key.pem.tmp"), TestPki.pkcs8(server.key()));
        TestPki.write(dir.resolve("server.pem.tmp"), TestPki.chainPem(server));
        Files.move(
                dir.resolve("server-key.pem.tmp"),
                dir.resolve("server-key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                dir.resolve("server.pem.tmp"),
                dir.resolve("server.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String edge(String clientAuth) {
        return "gateway.listener.tls { enabled = true, cert-file = \"" + dir.resolve("server.pem") + "\", key-file = \""
                + dir.resolve("server-key.pem") + "\", client-auth = " + clientAuth + ", client-ca-file = \""
                + dir.resolve("ca.pem") + "\", reload-interval = 100ms }\n"
                + "gateway.callers {\n"
                + "  rules = [\n"
                + "    { caller = \"spiffe://cluster.local/ns/shop/*\", profiles = [\"*\"], apis = [\"*\"] }\n"
                + "    { caller = \"dns:inquiry.shop.svc\", profiles = [sandbox], apis = [\"payments/inquiry*\"] }\n"
                + "    { caller = \"cn:batch\", profiles = [sandbox], apis = [payments/pay] }\n"
                + "    { caller = \"token:reporting\", profiles = [\"*\"], apis = [\"payments/inquiry*\"] }\n"
                + "  ]\n"
                + "  tokens = [ { name = reporting, sha256 = \"" + sha256(TOKEN) + "\" } ]\n"
                + "}\n";
    }

    @AfterAll
    static void stop() {
        audit.detachAppender(auditLines);
        if (f != null) {
            f.close();
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static HttpClient client(TestPki.Issued identity) throws Exception {
        return client(TestPki.clientContext(ca.cert(), identity));
    }

    static HttpClient client(SSLContext ctx) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(ctx)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpResponse<String> post(HttpClient c, int port, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return c.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(HttpClient c, String path, String body, String... headers)
            throws IOException, InterruptedException {
        return post(c, f.gateway.port(), path, body, headers);
    }

    static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String pay(String requestId) {
        return ProxyEndToEndTest.pay(requestId, "1000");
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The audit record of the last call whose paymentRequestId is {@code id}, once it is recorded. */
    static AuditRecord auditOf(String paymentRequestId) throws InterruptedException {
        await("the call's record", () -> f.calls.stream().anyMatch(c -> hasId(c, paymentRequestId)));
        List<CallRecord> mine =
                f.calls.stream().filter(c -> hasId(c, paymentRequestId)).toList();
        assertThat(mine).as("exactly one record per call").hasSize(1);
        return mine.get(0).audit();
    }

    private static boolean hasId(CallRecord c, String id) {
        return c.audit() != null && id.equals(c.audit().ids().paymentRequestId());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).at("/result/resultCode").asText()).isEqualTo(code);
        assertThat(json(r).at("/result/resultStatus").asText()).isEqualTo("F");
    }

    @Test
    void aSpiffeCallerWithAClientCertificatePaysAndItsAuditRecordSaysWhoAndWhat() throws Exception {
        long before = f.accepted(1);
        String req = id();
        HttpResponse<String> r = post(client(full), "/ams/api/v1/payments/pay", pay(req));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).at("/result/resultStatus").asText()).isEqualTo("S");
        assertThat(f.accepted(1)).isEqualTo(before + 1);

        AuditRecord a = auditOf(req);
        assertThat(a.caller().identity()).isEqualTo("spiffe://cluster.local/ns/shop/sa/full");
        assertThat(a.caller().kind().label()).isEqualTo("certificate-uri");
        assertThat(a.caller().listener()).isEqualTo("tls");
        assertThat(a.caller().remoteAddress()).startsWith("127.0.0.1:");
        assertThat(a.decision()).isEqualTo("allowed");
        assertThat(a.reason()).isEqualTo("gateway.callers.rules[0]");
        assertThat(a.profile()).isEqualTo("sandbox");
        assertThat(a.clientId()).isEqualTo(GatewayFixture.CLIENT_ID);
        assertThat(a.keyVersion()).isEqualTo(1);
        assertThat(a.api()).isEqualTo("payments/pay");
        assertThat(a.httpStatus()).isEqualTo(200);
        assertThat(a.resultCode()).isEqualTo("SUCCESS");
        assertThat(a.resultStatus()).isEqualTo("S");
        assertThat(a.upstreamNanos()).isPositive();
        assertThat(a.totalNanos()).isGreaterThanOrEqualTo(a.upstreamNanos());
        assertThat(a.requestId()).isNotBlank();
    }

    @Test
    void anInquiryCallerMayInquireButNotPay() throws Exception {
        HttpClient c = client(inquiry);
        long before = f.accepted(1);
        String req = id();
        HttpResponse<String> pay = post(c, "/ams/api/v1/payments/pay", pay(req));
        assertError(pay, 403, "GATEWAY_CALLER_FORBIDDEN");
        assertThat(json(pay).at("/result/resultMessage").asText())
                .contains("dns:inquiry.shop.svc")
                .contains("payments/pay")
                .contains("sandbox");
        assertThat(f.accepted(1)).as("nothing was sent").isEqualTo(before);
        AuditRecord a = auditOf(req);
        assertThat(a.decision()).isEqualTo("forbidden");
        assertThat(a.caller().kind().label()).isEqualTo("certificate-dns");
        assertThat(a.httpStatus()).isEqualTo(403);
        assertThat(a.resultCode()).isEqualTo("GATEWAY_CALLER_FORBIDDEN");
        assertThat(a.keyVersion()).as("nothing signed").isEqualTo(-1);
        assertThat(a.upstreamNanos()).isEqualTo(-1);

        HttpResponse<String> inq =
                post(c, "/ams/api/v1/payments/inquiryPayment", "{\"paymentRequestId\":\"" + id() + "\"}");
        assertThat(inq.statusCode()).as(inq.body()).isEqualTo(200);
        assertThat(f.accepted(1)).isEqualTo(before + 1);
        assertThat(post(c, "/ams/sandbox/api/v1/payments/inquiryPayment", "{\"paymentRequestId\":\"" + id() + "\"}")
                        .statusCode())
                .as("the sandbox path is the same API")
                .isEqualTo(200);
    }

    @Test
    void aCommonNameCallerIsCnAndLimitedToItsApi() throws Exception {
        String req = id();
        assertThat(post(client(cn), "/ams/api/v1/payments/pay", pay(req)).statusCode())
                .isEqualTo(200);
        assertThat(auditOf(req).caller().identity()).isEqualTo("cn:batch");
        assertError(
                post(client(cn), "/ams/api/v1/payments/refund", "{\"refundRequestId\":\"" + id() + "\"}"),
                403,
                "GATEWAY_CALLER_FORBIDDEN");
    }

    @Test
    void aBearerTokenIdentifiesACallerWithoutACertificateAndIsNeverForwardedOrLogged() throws Exception {
        HttpClient c = client(TestPki.clientContext(ca.cert(), null));
        String inq = id();
        HttpResponse<String> ok = post(
                c,
                "/ams/api/v1/payments/inquiryPayment",
                "{\"paymentRequestId\":\"" + inq + "\"}",
                "Authorization",
                "Bearer " + TOKEN);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        AuditRecord a = auditOf(inq);
        assertThat(a.caller().identity()).isEqualTo("token:reporting");
        assertThat(a.caller().kind().label()).isEqualTo("bearer-token");

        String payId = id();
        assertError(
                post(c, "/ams/api/v1/payments/pay", pay(payId), "Authorization", "Bearer " + TOKEN),
                403,
                "GATEWAY_CALLER_FORBIDDEN");

        String unknown = id();
        HttpResponse<String> bad = post(
                c,
                "/ams/api/v1/payments/inquiryPayment",
                "{\"paymentRequestId\":\"" + unknown + "\"}",
                "Authorization",
                "Bearer not-" + TOKEN);
        assertError(bad, 401, "GATEWAY_CALLER_UNAUTHENTICATED");
        assertThat(bad.body()).doesNotContain(TOKEN);
        AuditRecord u = auditOf(unknown);
        assertThat(u.decision()).isEqualTo("unauthenticated");
        assertThat(u.caller().isAnonymous()).isTrue();

        assertThat(auditLines.list.stream().map(ILoggingEvent::getFormattedMessage))
                .noneMatch(l -> l.contains(TOKEN));
        JsonEncoder layout = new JsonEncoder();
        layout.setContext(audit.getLoggerContext());
        layout.start();
        assertThat(auditLines.list.stream().map(e -> new String(layout.encode(e), StandardCharsets.UTF_8)))
                .noneMatch(l -> l.contains(TOKEN));
    }

    @Test
    void aCallerWithNothingOnLoopbackIsLocalAndNeedsARule() throws Exception {
        String req = id();
        HttpResponse<String> r =
                post(client(TestPki.clientContext(ca.cert(), null)), "/ams/api/v1/payments/pay", pay(req));
        assertError(r, 403, "GATEWAY_CALLER_FORBIDDEN");
        assertThat(json(r).at("/result/resultMessage").asText()).contains("caller local");
        assertThat(auditOf(req).caller().kind().label()).isEqualTo("local");
    }

    @Test
    void untrustedAndExpiredCertificatesFailTheHandshakeAndNothingIsSent() throws Exception {
        long before = f.accepted(1);
        int records = f.calls.size();
        double failures = f.metric("gateway_listener_tls_handshake_failures_total", "");
        for (TestPki.Issued bad : List.of(untrusted, expired)) {
            assertThatThrownBy(() -> post(client(bad), "/ams/api/v1/payments/pay", pay(id())))
                    .isInstanceOf(IOException.class);
        }
        assertThat(f.accepted(1)).isEqualTo(before);
        assertThat(f.calls).hasSize(records);
        assertThat(f.metric("gateway_listener_tls_handshake_failures_total", "") - failures)
                .as("refused handshakes reach no audit record, so they are counted")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void oneAuditLineHoldsNoCardDataAndNoBody() throws Exception {
        String req = id();
        String body = "{\"paymentRequestId\":\"" + req + "\",\"productCode\":\"CASHIER_PAYMENT\","
                + "\"paymentMethod\":{\"paymentMethodType\":\"CARD\",\"paymentMethodMetaData\":{\"cardNo\":\"" + CARD
                + "\"}},\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1000\"}}";
        post(client(inquiry), "/ams/api/v1/payments/pay", body);
        auditOf(req);
        List<String> mine = auditLines.list.stream()
                .filter(e -> e.getKeyValuePairs() != null
                        && e.getKeyValuePairs().stream().anyMatch(kv -> req.equals(kv.value)))
                .map(e -> {
                    JsonEncoder layout = new JsonEncoder();
                    layout.setContext(audit.getLoggerContext());
                    layout.start();
                    return new String(layout.encode(e), StandardCharsets.UTF_8);
                })
                .toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0)).doesNotContain(CARD).doesNotContain("cardNo");
        assertThat(JSON.readTree(mine.get(0)).get("decision").asText()).isEqualTo("forbidden");
        assertThat(f.gateway.callerEdge().limits().inFlightOfCaller("dns:inquiry.shop.svc"))
                .isZero();
    }

    @Test
    void aRotatedServerCertificateIsServedToNewConnectionsWithoutRestart() throws Exception {
        BigInteger first = serial();
        TestPki.Issued next = TestPki.server(ca);
        writeServer(next);
        await("the new certificate", () -> {
            try {
                return serial().equals(next.cert().getSerialNumber());
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(first).isNotEqualTo(next.cert().getSerialNumber());
        String req = id();
        assertThat(post(client(full), "/ams/api/v1/payments/pay", pay(req)).statusCode())
                .isEqualTo(200);
    }

    static BigInteger serial() throws Exception {
        HttpResponse<String> r =
                post(client(full), "/ams/api/v1/payments/inquiryPayment", "{\"paymentRequestId\":\"x\"}");
        X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        return leaf.getSerialNumber();
    }

    @Test
    void requiredClientAuthRefusesACallerWithoutACertificate() throws Exception {
        try (GatewayFixture g =
                GatewayFixture.start(Files.createDirectories(dir.resolve("require")), b -> {}, edge("require"))) {
            assertThatThrownBy(() -> post(
                            client(TestPki.clientContext(ca.cert(), null)),
                            g.gateway.port(),
                            "/ams/api/v1/payments/pay",
                            pay(id()),
                            "Authorization",
                            "Bearer " + TOKEN))
                    .isInstanceOf(IOException.class);
            assertThat(g.accepted(1)).isZero();
            assertThat(g.calls).isEmpty();
            HttpResponse<String> ok = post(client(full), g.gateway.port(), "/ams/api/v1/payments/pay", pay(id()));
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
    }
}
