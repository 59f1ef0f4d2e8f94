package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.json;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.simulator.LeakCheck;
import io.amsgateway.simulator.SimulatorConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * API-key profiles (issue 12, section 1) end to end over TLS against the simulator: {@code
 * Authorization: Bearer <key>} and nothing signed, Alipay's unsigned answer passed on and marked
 * {@code X-Gateway-Verified: none}; a wrong or revoked key refused by the simulator as Alipay
 * would; the key never logged, never in metrics or errors; load-time checks that stop the start.
 */
@ExtendWith(LeakCheck.class)
class ApiKeyEndToEndTest {
    static final String PAY = "/ams/api/v1/payments/pay";
    static final String SECRET_PART = "sEcReT0123456789abcdefXYZ";
    static final String KEY = testKey(GatewayFixture.CLIENT_ID, SECRET_PART);

    static String testKey(String clientId, String secret) {
        return "isak_TEST_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(clientId.getBytes(StandardCharsets.UTF_8))
                + "_" + secret;
    }

    /** An api-key profile reading {@code key} from a file; the simulator knows {@code simulator}'s keys. */
    static GatewayFixture start(Path dir, String key, Consumer<SimulatorConfig.Builder> simulator, String extra)
            throws Exception {
        Path keyFile = Files.writeString(dir.resolve("api-key"), key + "\n");
        return GatewayFixture.start(
                dir,
                simulator,
                "gateway.profiles.sandbox {\n"
                        + "  auth = api-key\n"
                        + "  merchant-private-key-file = null\n"
                        + "  alipay-public-keys = []\n"
                        + "  api-key-file = \"" + keyFile + "\"\n"
                        + "}\n" + extra);
    }

    @Test
    void anApiKeyCallIsSentWithTheBearerKeyAndAnsweredUnverified(@TempDir Path dir) throws Exception {
        try (Capture logs = new Capture();
                GatewayFixture f = start(dir, KEY, b -> b.apiKey(KEY), "")) {
            HttpResponse<String> r = f.post(PAY, pay(id(), "100"));

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).at("/result/resultStatus").asText()).isEqualTo("S");
            assertThat(json(r).at("/paymentId").asText()).isNotEmpty();
            assertThat(r.headers().firstValue("X-Gateway-Verified")).hasValue("none");
            assertThat(r.headers().firstValue("X-Gateway-Verified-Key-Version"))
                    .as("nothing was verified")
                    .isEmpty();
            assertThat(f.sim.state().path("acceptedByApiKey").asLong()).isEqualTo(1);
            assertThat(f.sim.state().path("acceptedByKeyVersion").size())
                    .as("nothing signed")
                    .isZero();
            CallRecord c = f.calls.get(f.calls.size() - 1);
            assertThat(c.verified()).isEqualTo("none");
            assertThat(logs.lines)
                    .as("the access log says the answer was not verified")
                    .anyMatch(l -> l.startsWith("io.amsgateway.access call") && l.contains("verified=none"));

            // The same answer for a v2 path: nothing assumes v1.
            HttpResponse<String> v2 = f.post("/ams/api/v2/payments/pay", pay(id(), "101"));
            assertThat(v2.statusCode()).as(v2.body()).isEqualTo(200);
            assertThat(json(v2).at("/result/resultStatus").asText()).isEqualTo("S");

            String metrics = ProxyOperationsTest.admin(f, "/metrics").body();
            assertThat(metrics).doesNotContain(SECRET_PART);
            assertThat(String.join("\n", logs.lines))
                    .as("the key's secret is never logged")
                    .doesNotContain(SECRET_PART)
                    .doesNotContain(KEY);
        }
    }

    @Test
    void aFailureAfterWritingIsUnknownAndNeverRetried(@TempDir Path dir) throws Exception {
        try (GatewayFixture f = start(dir, KEY, b -> b.apiKey(KEY), "")) {
            long before = f.sim.state().path("requests").asLong();
            assertGatewayError(
                    f.post(PAY, pay("FAULT_RESET_" + id(), "1")), 502, "GATEWAY_UPSTREAM_CONNECTION_LOST", "U");
            assertGatewayError(f.post(PAY, pay("FAULT_5XX_503_" + id(), "1")), 502, "GATEWAY_UPSTREAM_BAD_STATUS", "U");
            assertThat(f.sim.state().path("requests").asLong() - before)
                    .as("each written once, never retried")
                    .isEqualTo(2);
        }
    }

    @Test
    void aCallerAgentTokenIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        try (GatewayFixture f = start(dir, KEY, b -> b.apiKey(KEY), "")) {
            long before = f.sim.state().path("requests").asLong();
            HttpResponse<String> r = f.post(PAY, pay(id(), "1"), Map.of("Agent-Token", "agent-1"));
            assertGatewayError(r, 400, "GATEWAY_INVALID_REQUEST", "F");
            assertThat(json(r).at("/result/resultMessage").asText()).contains("Agent-Token");
            assertThat(f.sim.state().path("requests").asLong()).isEqualTo(before);
            // Reserved headers from the caller are never forwarded: a forged Authorization is ignored.
            HttpResponse<String> forged =
                    f.post(PAY, pay(id(), "2"), Map.of("Authorization", "Bearer " + testKey("OTHER", "x")));
            assertThat(forged.statusCode()).as(forged.body()).isEqualTo(200);
            assertThat(json(forged).at("/result/resultStatus").asText()).isEqualTo("S");
        }
    }

    @Test
    void aWrongOrRevokedKeyIsRefusedByAlipayAndShownUnverified(@TempDir Path dir) throws Exception {
        String revoked = testKey(GatewayFixture.CLIENT_ID, "revokedSecret42");
        try (Capture logs = new Capture();
                GatewayFixture f = start(dir, revoked, b -> b.apiKey(KEY).revokedApiKey(revoked), "")) {
            HttpResponse<String> r = f.post(PAY, pay(id(), "100"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Gateway-Verified")).hasValue("none");
            assertThat(json(r).at("/result/resultCode").asText()).isEqualTo("INVALID_API_KEY");
            assertThat(json(r).at("/result/resultStatus").asText()).isEqualTo("F");
            assertThat(f.sim.state().path("acceptedByApiKey").asLong()).isZero();
            assertThat(String.join("\n", logs.lines)).doesNotContain("revokedSecret42");
        }
    }

    @Test
    void aKeyForAnotherClientIdOrEnvironmentStopsTheStartWithoutShowingIt(@TempDir Path dir) throws Exception {
        String other = testKey("SANDBOX_5Y99999999999999", "otherSecret77");
        assertThatThrownBy(() -> start(Files.createDirectories(dir.resolve("a")), other, b -> {}, "")
                        .close())
                .hasMessageContaining("profile sandbox")
                .hasMessageContaining("another client id")
                .hasMessageNotContaining("otherSecret77");
        String prod = KEY.replace("isak_TEST_", "isak_PROD_");
        assertThatThrownBy(() -> start(Files.createDirectories(dir.resolve("b")), prod, b -> {}, "")
                        .close())
                .hasMessageContaining("profile sandbox")
                .hasMessageContaining("PROD key")
                .hasMessageContaining("sandbox")
                .hasMessageNotContaining(SECRET_PART);
        assertThatThrownBy(
                        () -> start(Files.createDirectories(dir.resolve("c")), "not-a-key-" + SECRET_PART, b -> {}, "")
                                .close())
                .hasMessageContaining("not an API key")
                .hasMessageNotContaining(SECRET_PART);
    }

    @Test
    void aProductionKeyServesProductionPaths(@TempDir Path dir) throws Exception {
        String prod = KEY.replace("isak_TEST_", "isak_PROD_");
        try (GatewayFixture f = start(dir, prod, b -> b.apiKey(prod), "gateway.profiles.sandbox.sandbox = never\n")) {
            HttpResponse<String> r = f.post(PAY, pay(id(), "100"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).at("/result/resultStatus").asText()).isEqualTo("S");
            // A sandbox path with a PROD key never reaches Alipay.
            HttpResponse<String> sandbox = f.post("/ams/sandbox/api/v1/payments/pay", pay(id(), "1"));
            assertGatewayError(sandbox, 400, "GATEWAY_INVALID_REQUEST", "F");
            assertThat(f.sim.state().path("acceptedByApiKey").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theKeyComesFromVaultKv(@TempDir Path dir) throws Exception {
        try (FakeVault vault = FakeVault.startTls()) {
            vault.appRole("approle", "gateway-role", "secret-id-1");
            Path secretId = Files.writeString(dir.resolve("secret-id"), "secret-id-1\n");
            String hocon = "gateway.vault {\n"
                    + "  address = \"" + vault.uri() + "\"\n"
                    + "  ca-file = \"" + vault.caPemPath() + "\"\n"
                    + "  auth { method = approle, approle { role-id = gateway-role, secret-id-file = \""
                    + secretId + "\" } }\n"
                    + "}\n"
                    + "gateway.profiles.sandbox {\n"
                    + "  auth = api-key\n"
                    + "  merchant-private-key-file = null\n"
                    + "  alipay-public-keys = []\n"
                    + "  key-source.type = vault-kv\n"
                    + "}\n";
            try (Capture logs = new Capture();
                    GatewayFixture f = GatewayFixture.start(dir, GatewayFixture.rsa(), b -> b.apiKey(KEY), hocon, a -> {
                        try {
                            vault.kvPut("secret", "ams/" + GatewayFixture.CLIENT_ID, Map.of("api_key", KEY));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })) {
                HttpResponse<String> r = f.post(PAY, pay(id(), "100"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.headers().firstValue("X-Gateway-Verified")).hasValue("none");
                assertThat(f.sim.state().path("acceptedByApiKey").asLong()).isEqualTo(1);
                assertThat(String.join("\n", logs.lines)).doesNotContain(SECRET_PART);
            }
        }
    }

    @Test
    void notificationsOfAnApiKeyProfileStayRsaSignedAndAreVerified(@TempDir Path dir) throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer internal =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", ex -> {
            delivered.add(ex.getRequestHeaders().getFirst("X-Gateway-Verified-Key-Version") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        internal.start();
        try (GatewayFixture f = start(
                dir,
                KEY,
                b -> b.apiKey(KEY).notifyScheduleScale(0.001),
                "gateway.profiles.sandbox.alipay-public-keys = [ { version = 1, file = \""
                        + dir.resolve("alipay-public.pem") + "\" } ]\n"
                        + "gateway.notifications { enabled = true, forward-url = \"http://127.0.0.1:"
                        + internal.getAddress().getPort() + "/internal\" }\n")) {
            String requestId = id();
            String body = "{\"paymentRequestId\":\"" + requestId
                    + "\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"42\"},"
                    + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},"
                    + "\"paymentNotifyUrl\":\"http://127.0.0.1:" + f.gateway.port() + "/alipay/notify/payment\"}";
            HttpResponse<String> r = f.post(PAY, body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Gateway-Verified")).hasValue("none");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (delivered.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(delivered).hasSize(1);
            assertThat(delivered.get(0))
                    .as("verified with Alipay's key version 1, then forwarded")
                    .startsWith("1 ")
                    .contains(requestId);
        } finally {
            internal.stop(0);
        }
    }

    @Test
    void anApiKeyProfileWithNotificationsOnNeedsAlipaysKeys(@TempDir Path dir) {
        assertThatThrownBy(() -> start(
                                dir,
                                KEY,
                                b -> {},
                                "gateway.notifications { enabled = true, forward-url = \"http://127.0.0.1:1/n\" }\n")
                        .close())
                .hasMessageContaining("gateway.profiles.sandbox.alipay-public-keys")
                .hasMessageContaining("notifications stay RSA-signed");
    }

    /** Everything logged while open (messages, key-value pairs, exceptions), io.amsgateway at TRACE. */
    static final class Capture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger ours = (Logger) LoggerFactory.getLogger("io.amsgateway");
        private final Level oursLevel = ours.getLevel();

        Capture() {
            setContext(root.getLoggerContext());
            start();
            ours.setLevel(Level.TRACE);
            root.addAppender(this);
        }

        @Override
        protected void append(ILoggingEvent e) {
            StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
            if (e.getKeyValuePairs() != null) {
                e.getKeyValuePairs()
                        .forEach(kv -> b.append(' ').append(kv.key).append('=').append(kv.value));
            }
            if (e.getThrowableProxy() != null) {
                b.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            lines.add(b.toString());
        }

        @Override
        public void close() {
            root.detachAppender(this);
            ours.setLevel(oursLevel);
            stop();
        }
    }
}
