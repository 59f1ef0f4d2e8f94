package io.amsgateway.deploy;

import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.BoundPorts;
import io.amsgateway.simulator.MerchantPublicKey;
import io.amsgateway.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

/**
 * A real gateway with three profiles, one with key files ({@code files}), one reading Vault's KV
 * with Kubernetes auth ({@code vault}, against a {@link FakeVault} over TLS) and one signing with
 * Vault Transit behind its circuit breaker ({@code transit}), in front of the AMS simulator: enough
 * to make every metric family the alerts and the dashboard read appear.
 */
final class LiveGateway implements AutoCloseable {
    static final String FILES_CLIENT = "SANDBOX_5Y00000000000011";
    static final String VAULT_CLIENT = "SANDBOX_5Y00000000000012";
    static final String TRANSIT_CLIENT = "SANDBOX_5Y00000000000013";
    static final String JWT = "projected-sa-token";

    final FakeVault vault;
    final AmsSimulator sim;
    final GatewayServer gateway;
    final Path jwtFile;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LiveGateway(FakeVault vault, AmsSimulator sim, GatewayServer gateway, Path jwtFile) {
        this.vault = vault;
        this.sim = sim;
        this.gateway = gateway;
        this.jwtFile = jwtFile;
    }

    /** Starts everything; the service account token file first holds {@code initialJwt}. */
    static LiveGateway start(Path dir, String initialJwt) throws Exception {
        KeyPair filesMerchant = TestKeys.rsa();
        KeyPair vaultMerchant = TestKeys.rsa();
        KeyPair transitMerchant = TestKeys.rsa();
        Path cert = dir.resolve("sim-cert.pem");
        Path alipayPub = dir.resolve("alipay-public.pem");
        AmsSimulator sim = new AmsSimulator(SimulatorConfig.builder()
                .port(0)
                .controlPort(0)
                .certificateOut(cert)
                .alipayPublicKeyOut(alipayPub)
                .merchant(new MerchantPublicKey(FILES_CLIENT, 1, filesMerchant.getPublic()))
                .merchant(new MerchantPublicKey(VAULT_CLIENT, 1, vaultMerchant.getPublic()))
                .merchant(new MerchantPublicKey(TRANSIT_CLIENT, 1, transitMerchant.getPublic()))
                .build());
        BoundPorts ports = sim.start();
        FakeVault vault = FakeVault.startTls();
        vault.kubernetesRole("kubernetes", "ams-gateway", JWT);
        vault.tokenTtl(Duration.ofSeconds(3));
        vault.kvPut(
                "secret",
                "ams/" + VAULT_CLIENT,
                Map.of(
                        "merchant_private_key", TestKeys.privateBase64(vaultMerchant),
                        "alipay_public_key_v1", Files.readString(alipayPub)));
        vault.transitCreateKey("transit", "ams-" + TRANSIT_CLIENT, transitMerchant);
        Path transitKeys = Files.createDirectories(dir.resolve("transit-keys"));
        Files.copy(alipayPub, transitKeys.resolve("alipay-public-key-v1.pem"));
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(filesMerchant));
        Files.copy(alipayPub, keys.resolve("alipay-public-key-v1.pem"));
        Path jwt = Files.writeString(dir.resolve("token"), initialJwt);
        String upstream = "upstream { url = \"https://localhost:" + ports.port() + "\", ca-file = \"" + cert
                + "\", response-timeout = 1s }";
        String hocon = "gateway {\n"
                + "  listener.port = 0\n  admin.port = 0\n  shutdown.drain-timeout = 2s\n"
                + "  keys { refresh-after = 300ms, startup-timeout = 10s, signer-circuit.readiness = report }\n"
                + "  vault { address = \"" + vault.uri() + "\", ca-file = \"" + vault.caPemPath() + "\"\n"
                + "    auth { method = kubernetes, kubernetes { role = ams-gateway, jwt-file = \"" + jwt + "\" } } }\n"
                + "  profiles {\n"
                + "    files { client-id = \"" + FILES_CLIENT + "\", key-source { type = file, dir = \"" + keys
                + "\" }, " + upstream + " }\n"
                + "    vault { client-id = \"" + VAULT_CLIENT + "\", key-source.type = vault-kv, " + upstream + " }\n"
                + "    transit { client-id = \"" + TRANSIT_CLIENT + "\", key-source { type = vault-transit, dir = \""
                + transitKeys + "\" }, " + upstream + " }\n"
                + "  }\n}\n";
        try {
            GatewayConfig cfg = GatewayConfig.from(ConfigFactory.parseString(hocon)
                    .withFallback(ConfigFactory.defaultReference())
                    .resolve());
            return new LiveGateway(vault, sim, GatewayServer.start(cfg, call -> {}), jwt);
        } catch (Exception e) {
            vault.close();
            sim.close();
            throw e;
        }
    }

    /** POSTs a payment with {@code requestId} as the given client; returns the HTTP status. */
    int pay(String clientId, String requestId) throws Exception {
        String body = "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentRequestId\":\"" + requestId + "\","
                + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"10\"},"
                + "\"order\":{\"referenceOrderId\":\"O-" + requestId + "\",\"orderDescription\":\"x\","
                + "\"orderAmount\":{\"currency\":\"USD\",\"value\":\"10\"}},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},\"paymentRedirectUrl\":\"https://e.com/r\"}";
        HttpRequest r = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/ams/api/v1/payments/pay"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Client-Id", clientId)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return client.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    HttpResponse<String> admin(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            gateway.drain(Duration.ofSeconds(2));
        } finally {
            sim.close();
            vault.close();
        }
    }
}
