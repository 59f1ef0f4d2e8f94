package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.key.CachingKeySource;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.testing.vault.VaultOperation;
import io.amsgateway.core.testing.vault.VaultRequestRecord;
import io.amsgateway.simulator.LeakCheck;
import io.amsgateway.simulator.MerchantPublicKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys from Vault, end to end: the gateway (vault-kv or vault-transit key source, over TLS to a
 * {@link FakeVault} that speaks Vault's HTTP API) in front of the AMS simulator, which accepts
 * only signatures made with the merchant keys it knows.
 */
@ExtendWith(LeakCheck.class)
class VaultKeysEndToEndTest {
    static final String PAY = "/ams/api/v1/payments/pay";
    static final String SECRET = "ams/" + GatewayFixture.CLIENT_ID;

    @TempDir
    Path dir;

    FakeVault vault;
    GatewayFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
        if (vault != null) {
            vault.close();
        }
    }

    /** A vault-kv profile: Vault over TLS with the fake's CA, AppRole auth (secret id in a file), and {@code extra}. */
    String vaultHocon(String extra) throws Exception {
        vault.appRole("approle", "gateway-role", "secret-id-1");
        Path secretId = Files.writeString(dir.resolve("secret-id"), "secret-id-1\n");
        return vaultBlock("method = approle, approle { role-id = gateway-role, secret-id-file = \"" + secretId + "\" }")
                + "gateway.profiles.sandbox {\n"
                + "  merchant-private-key-file = null\n"
                + "  alipay-public-keys = []\n"
                + "  key-source.type = vault-kv\n"
                + "}\n"
                + extra;
    }

    /** {@code gateway.vault}: the fake over TLS, trusting its CA, with {@code auth} inside {@code auth { }}. */
    String vaultBlock(String auth) {
        return "gateway.vault {\n"
                + "  address = \"" + vault.uri() + "\"\n"
                + "  ca-file = \"" + vault.caPemPath() + "\"\n"
                + "  auth { " + auth + " }\n"
                + "}\n";
    }

    /** The merchant key of the fixture about to start (set before it starts, used by its hook). */
    KeyPair f0merchant;

    /** A fake Vault over TLS and a vault-kv gateway whose secret (version 1) is written before it starts. */
    GatewayFixture startKv(String extra) throws Exception {
        return startKv(b -> {}, extra, () -> {});
    }

    /**
     * As {@link #startKv(String)}, with the simulator tweaked by {@code simulator} and {@code
     * afterSeeding} run once the secret is in Vault, before the gateway starts.
     */
    GatewayFixture startKv(
            java.util.function.Consumer<io.amsgateway.simulator.SimulatorConfig.Builder> simulator,
            String extra,
            Runnable afterSeeding)
            throws Exception {
        vault = FakeVault.startTls();
        f0merchant = GatewayFixture.rsa();
        return GatewayFixture.start(dir, f0merchant, simulator, vaultHocon(extra), alipay -> {
            uncheck(() -> vault.kvPut("secret", SECRET, secret(f0merchant, alipay)));
            afterSeeding.run();
        });
    }

    Map<String, String> secret(KeyPair merchant, Path alipayPublicKey) throws Exception {
        return Map.of(
                "merchant_private_key",
                Base64.getEncoder().encodeToString(merchant.getPrivate().getEncoded()),
                "alipay_public_key_v1",
                Files.readString(alipayPublicKey));
    }

    long accepted(int keyVersion) {
        return f.sim.state()
                .path("acceptedByKeyVersion")
                .path(Integer.toString(keyVersion))
                .asLong();
    }

    void assertVerified(HttpResponse<String> r) throws Exception {
        ProxyEndToEndTest.assertVerifiedSuccess(r);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as("timed out waiting until " + what)
                    .isTrue();
            Thread.sleep(50);
        }
    }

    @Test
    void vaultKvSignsCallsTheSimulatorAcceptsAndFollowsARotationWithoutRestart() throws Exception {
        KeyPair merchant2 = GatewayFixture.rsa();
        f = startKv(
                b -> b.merchant(MerchantPublicKey.parse(
                        GatewayFixture.CLIENT_ID,
                        2,
                        Base64.getEncoder().encodeToString(merchant2.getPublic().getEncoded()))),
                "gateway.profiles.sandbox.key-version = latest\ngateway.keys.refresh-after = 300ms\n",
                () -> {});
        assertVerified(f.post(PAY, pay(id(), "10")));
        assertThat(f.accepted(1))
                .as("signed with KV version 1, which the simulator knows as key 1")
                .isEqualTo(1);
        assertThat(vault.logins()).as("AppRole login").isEqualTo(1);

        Path alipay = f.dir.resolve("alipay-public.pem");
        assertThat(vault.kvPut("secret", SECRET, secret(merchant2, alipay))).isEqualTo(2);
        await(
                "the gateway signs with key version 2",
                () -> uncheck(() -> {
                    assertVerified(f.post(PAY, pay(id(), "11")));
                    return f.accepted(2) > 0;
                }));
        long v1 = f.accepted(1);
        for (int i = 0; i < 3; i++) {
            assertVerified(f.post(PAY, pay(id(), "12")));
        }
        assertThat(f.accepted(1))
                .as("after the switch nothing is signed with version 1")
                .isEqualTo(v1);
        assertThat(f.accepted(2)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void anAnswerSignedWithANewAlipayKeyReloadsAlipaysKeysAtOnce() throws Exception {
        // The simulator signs as Alipay key version 2; Vault knows only version 1 when the gateway starts.
        f = startKv(b -> b.alipayKeyVersion(2), "", () -> {});
        long readsBefore = vault.kvReads();

        // The operator adds Alipay's key version 2 to Vault; the cache will not refresh for 5 minutes.
        Path alipay = f.dir.resolve("alipay-public.pem");
        Map<String, String> rotated = new java.util.HashMap<>(secret(f0merchant, alipay));
        rotated.put("alipay_public_key_v2", Files.readString(alipay));
        vault.kvPut("secret", SECRET, rotated);
        HttpResponse<String> after = f.post(PAY, pay(id(), "51"));
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(after.headers().firstValue("X-Gateway-Verified-Key-Version"))
                .as("verified with the key version 2 reloaded at once, not after refresh-after (5 min)")
                .hasValue("2");
        assertThat(vault.kvReads() - readsBefore)
                .as("one forced reload of Alipay's keys")
                .isEqualTo(1);
        assertVerifiedV2(f.post(PAY, pay(id(), "52")));
        assertThat(vault.kvReads() - readsBefore)
                .as("then served from the cache again")
                .isEqualTo(1);
    }

    static void assertVerifiedV2(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Gateway-Verified-Key-Version")).hasValue("2");
    }

    @Test
    void aVaultOutageIsRiddenOnTheCacheWithReadinessUpAndTheStaleMetricRising() throws Exception {
        f = startKv("gateway.keys.refresh-after = 200ms\n");
        assertVerified(f.post(PAY, pay(id(), "20")));
        assertThat(metric("gateway_keys_served_stale_total")).isZero();

        vault.down();
        Thread.sleep(300); // past refresh-after: the next uses try to refresh, and fail
        for (int i = 0; i < 5; i++) {
            assertVerified(f.post(PAY, pay(id(), "21")));
            Thread.sleep(100);
        }
        assertThat(ProxyOperationsTest.admin(f, "/readyz").statusCode())
                .as("serving from the cache: still ready")
                .isEqualTo(200);
        assertThat(metric("gateway_keys_served_stale_total"))
                .as("stale uses counted")
                .isPositive();
        assertThat(metric("gateway_keys_stale")).as("stale entries exported").isPositive();
        assertThat(metric("gateway_key_loads_total", "outcome=\"failure\"")).isPositive();

        vault.up();
        await(
                "the cache is fresh again",
                () -> uncheck(() -> {
                    assertVerified(f.post(PAY, pay(id(), "22")));
                    return metric("gateway_keys_stale") == 0;
                }));
    }

    @Test
    void aThousandConcurrentFirstCallsMakeOneVaultReadPerKey() throws Exception {
        f = startKv(
                b -> {},
                "gateway.keys.startup-timeout = 300ms\n"
                        + "gateway.profiles.sandbox.upstream { response-timeout = 60s, pending-acquire-timeout = 60s,"
                        + " max-pending-acquires = 2000 }\n",
                () -> vault.sealed(true)); // the gateway starts without keys
        assertThat(f.gateway.ready()).as("no keys yet: not ready").isFalse();
        HttpResponse<String> early = f.post(PAY, pay(id(), "1"));
        ProxyEndToEndTest.assertGatewayError(early, 503, "GATEWAY_KEY_UNAVAILABLE", "F");
        assertThat(early.body()).as("no secret in the caller's error").doesNotContain(vault.rootToken(), "secret-id-1");
        vault.sealed(false);
        vault.resetRequests();
        vault.delay(Duration.ofMillis(300)); // every call arrives while the one load is in flight

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(f.client.sendAsync(
                    HttpRequest.newBuilder(f.uri(PAY))
                            .timeout(Duration.ofSeconds(90))
                            .POST(HttpRequest.BodyPublishers.ofString(pay(id(), Integer.toString(1 + i % 90))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        }
        for (CompletableFuture<HttpResponse<String>> c : calls) {
            assertVerified(c.get(120, TimeUnit.SECONDS));
        }
        List<VaultRequestRecord> reads = vault.requests().stream()
                .filter(r -> r.operation() == VaultOperation.KV_READ)
                .toList();
        assertThat(reads)
                .as("one read of merchant key version 1 and one of the current version (Alipay's keys)")
                .extracting(VaultRequestRecord::query)
                .containsExactlyInAnyOrder("version=1", "");
        assertThat(f.gateway.ready()).isTrue();
    }

    @Test
    void vaultTransitSignaturesAreByteIdenticalToLocalSigningWithTheSameKey() throws Exception {
        vault = FakeVault.startTls();
        vault.kubernetesRole("kubernetes", "ams-gateway", "service-account-jwt");
        Path jwt = Files.writeString(dir.resolve("sa-token"), "service-account-jwt");
        KeyPair merchant = GatewayFixture.rsa();
        vault.transitCreateKey("transit", "ams-" + GatewayFixture.CLIENT_ID, merchant);
        f = GatewayFixture.start(
                dir,
                merchant,
                b -> {},
                vaultBlock("method = kubernetes, kubernetes { role = ams-gateway, jwt-file = \"" + jwt + "\" }")
                        + "gateway.profiles.sandbox {\n"
                        + "  merchant-private-key-file = null\n"
                        + "  key-source.type = vault-transit\n"
                        + "}\n",
                alipay -> {});
        assertVerified(f.post(PAY, pay(id(), "30")));
        assertThat(vault.transitSigns()).as("Vault Transit signed the call").isGreaterThanOrEqualTo(1);

        byte[] content = "POST /ams/sandbox/api/v1/payments/pay\nSANDBOX_5Y00000000000001.1.{\"a\":1}"
                .getBytes(StandardCharsets.UTF_8);
        var profile = f.gateway.profiles().select(GatewayFixture.CLIENT_ID);
        byte[] viaVault = profile.primaryKey()
                .get(10, TimeUnit.SECONDS)
                .signer()
                .sign(content)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        byte[] local = JcaSigner.create(
                        GatewayFixture.CLIENT_ID,
                        1,
                        SignatureAlgorithm.RSA256,
                        merchant.getPrivate(),
                        CryptoProvider.jdk())
                .sign(content)
                .toCompletableFuture()
                .get();
        assertThat(viaVault)
                .as("PKCS#1 v1.5 is deterministic: Transit and local agree byte for byte")
                .isEqualTo(local);
        assertThat(profile.primaryKey().get().privateKey())
                .as("the key never left Vault")
                .isNull();
    }

    @Test
    void aBrokenNewestKvVersionNeverSignsAndIsReportedOnce() throws Exception {
        KeyPair merchant3 = GatewayFixture.rsa();
        f = startKv(
                b -> b.merchant(new MerchantPublicKey(GatewayFixture.CLIENT_ID, 3, merchant3.getPublic())),
                "gateway.profiles.sandbox.key-version = latest\ngateway.keys.refresh-after = 200ms\n",
                () -> {});
        Path alipay = f.dir.resolve("alipay-public.pem");
        try (LogCapture log = new LogCapture(CachingKeySource.class)) {
            try (CallLoad load = new CallLoad(f, 8, f.gateway::ready)) {
                load.awaitMore(100);
                Map<String, String> broken = new java.util.HashMap<>(secret(merchant3, alipay));
                broken.put("merchant_private_key", io.amsgateway.core.testing.TestKeys.publicPem(merchant3));
                assertThat(vault.kvPut("secret", SECRET, broken)).isEqualTo(2);
                await("an ERROR for KV version 2", () -> !log.find(Level.ERROR, "#v2 does not load")
                        .isEmpty());
                long reads = vault.kvReads();
                await("several refreshes later", () -> vault.kvReads() > reads + 6);
                load.awaitMore(100);
                assertThat(vault.kvPut("secret", SECRET, secret(merchant3, alipay)))
                        .isEqualTo(3);
                await("KV version 3 signs", () -> accepted(3) > 0);
                load.awaitMore(100);
                load.close();
                assertThat(load.failed)
                        .as("failed calls; first: " + load.firstFailures)
                        .hasValue(0);
                assertThat(load.unready).as("/readyz never said not ready").hasValue(0);
            }
            assertThat(log.find(Level.ERROR))
                    .as("one ERROR, however often the latest version is looked up again")
                    .singleElement()
                    .extracting(LogCapture.Line::message)
                    .asString()
                    .contains("secret/" + SECRET + " v2 field 'merchant_private_key'")
                    .contains("signing stays with version 1");
            assertThat(log.find(Level.INFO, "signing key version 1 -> 3")).hasSize(1);
        }
        assertThat(accepted(2)).isZero();
        assertThat(metric("gateway_key_problems_total", "problem=\"unusable_key\""))
                .isEqualTo(1);
    }

    @Test
    void aTransitVersionThatDoesNotLoadNeverSigns() throws Exception {
        vault = FakeVault.startTls();
        vault.kubernetesRole("kubernetes", "ams-gateway", "service-account-jwt");
        Path jwt = Files.writeString(dir.resolve("sa-token"), "service-account-jwt");
        KeyPair merchant = GatewayFixture.rsa();
        KeyPair merchant3 = GatewayFixture.rsa();
        String key = "ams-" + GatewayFixture.CLIENT_ID;
        vault.transitCreateKey("transit", key, merchant);
        f = GatewayFixture.start(
                dir,
                merchant,
                b -> b.merchant(new MerchantPublicKey(GatewayFixture.CLIENT_ID, 3, merchant3.getPublic())),
                vaultBlock("method = kubernetes, kubernetes { role = ams-gateway, jwt-file = \"" + jwt + "\" }")
                        + "gateway.keys.refresh-after = 200ms\n"
                        + "gateway.profiles.sandbox {\n"
                        + "  merchant-private-key-file = null\n"
                        + "  key-version = latest\n"
                        + "  key-source.type = vault-transit\n"
                        + "}\n",
                alipay -> {});
        java.security.KeyPairGenerator small = java.security.KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        try (LogCapture log = new LogCapture(CachingKeySource.class)) {
            try (CallLoad load = new CallLoad(f, 8, f.gateway::ready)) {
                load.awaitMore(100);
                assertThat(vault.transitRotate("transit", key, small.generateKeyPair()))
                        .isEqualTo(2);
                await("an ERROR for Transit version 2", () -> !log.find(Level.ERROR, "#v2 does not load")
                        .isEmpty());
                load.awaitMore(200);
                assertThat(vault.transitRotate("transit", key, merchant3)).isEqualTo(3);
                await("Transit version 3 signs", () -> accepted(3) > 0);
                load.awaitMore(100);
                load.close();
                assertThat(load.failed)
                        .as("failed calls; first: " + load.firstFailures)
                        .hasValue(0);
                assertThat(load.unready).as("/readyz never said not ready").hasValue(0);
            }
            assertThat(log.find(Level.ERROR))
                    .singleElement()
                    .extracting(LogCapture.Line::message)
                    .asString()
                    .contains("RSA key has 1024 bits");
            assertThat(log.find(Level.INFO, "signing key version 1 -> 3")).hasSize(1);
        }
        assertThat(accepted(2)).isZero();
    }

    double metric(String name) throws Exception {
        return metric(name, "");
    }

    /** The sum of {@code name}'s samples whose labels contain {@code labelFilter}, from a live scrape. */
    double metric(String name, String labelFilter) throws Exception {
        return f.metric(name, labelFilter);
    }

    interface Io<T> {
        T get() throws Exception;
    }

    static <T> T uncheck(Io<T> io) {
        try {
            return io.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
