package io.amsgateway.core.vault;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.config;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.vault.VaultException.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Transit key reads and signatures against {@link FakeVault}, and a stub for answers it never gives. */
@Timeout(30)
class VaultClientTransitTest {
    private static final byte[] CONTENT =
            "POST /ams/api/v1/payments/pay\nSANDBOX_5X00000000000000.2024-01-01T00:00:00Z.{}"
                    .getBytes(StandardCharsets.UTF_8);
    private static KeyPair v1;
    private static KeyPair v2;
    private static FakeVault vault;
    private static VaultClient client;

    @BeforeAll
    static void start() {
        v1 = TestKeys.rsa();
        v2 = TestKeys.rsa();
        vault = FakeVault.start();
        vault.transitCreateKey("transit", "ams-merchant", v1);
        vault.transitRotate("transit", "ams-merchant", v2);
        client = VaultClient.create(
                config(vault.uri(), VaultAuth.Token.fromValue(vault.rootToken())), VaultClient.Listener.NONE);
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void readsEveryVersionsPublicKey() {
        TransitKey key = await(client.transitKey("transit", "ams-merchant"));

        assertThat(key.latestVersion()).isEqualTo(2);
        assertThat(key.publicKeyPem()).containsOnlyKeys(1, 2);
        assertThat(PemKeys.publicKey(key.publicKeyPem().get(1))).isEqualTo(v1.getPublic());
        assertThat(PemKeys.publicKey(key.publicKeyPem().get(2))).isEqualTo(v2.getPublic());
    }

    @Test
    void signsWithPkcs1v15AndTheRequestedVersion() throws Exception {
        // PKCS#1 v1.5 is deterministic: equal bytes prove the padding (Transit's default is PSS)
        // and that version 1 was used although version 2 is the latest.
        byte[] signature = await(client.transitSign("transit", "ams-merchant", 1, CONTENT));

        Signature local = Signature.getInstance("SHA256withRSA");
        local.initSign(v1.getPrivate());
        local.update(CONTENT);
        assertThat(signature).isEqualTo(local.sign());
    }

    @Test
    void aMissingKeyIsNotFound() {
        assertThat(failure(client.transitKey("transit", "nobody")))
                .isInstanceOfSatisfying(
                        VaultException.class, v -> assertThat(v.kind()).isEqualTo(VaultException.Kind.NOT_FOUND));
    }

    @Test
    void theSignBodyIsExplicitAndAWrongVersionPrefixIsRefused() throws Exception {
        AtomicReference<JsonNode> signBody = new AtomicReference<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext(
                "/v1/auth/token/lookup-self", ex -> respond(ex, "{\"data\":{\"ttl\":0,\"renewable\":false}}"));
        stub.createContext("/v1/transit/sign/ams-merchant/sha2-256", ex -> {
            signBody.set(VaultHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
            respond(ex, "{\"data\":{\"signature\":\"vault:v2:c2lnbmF0dXJl\",\"key_version\":2}}");
        });
        stub.start();
        try (VaultClient c = VaultClient.create(
                config(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), VaultAuth.Token.fromValue("t")),
                VaultClient.Listener.NONE)) {
            VaultException e = (VaultException) failure(c.transitSign("transit", "ams-merchant", 1, CONTENT));

            assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
            assertThat(e.getMessage()).contains("key version 2, not 1").doesNotContain("c2lnbmF0dXJl");
            JsonNode body = signBody.get();
            assertThat(body.path("signature_algorithm").textValue()).isEqualTo("pkcs1v15");
            assertThat(body.path("key_version").intValue()).isEqualTo(1);
            assertThat(body.path("hash_algorithm").textValue()).isEqualTo("sha2-256");
            assertThat(body.path("prehashed").booleanValue()).isFalse();
            assertThat(java.util.Base64.getDecoder().decode(body.path("input").textValue()))
                    .isEqualTo(CONTENT);
        } finally {
            stub.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, String json) throws java.io.IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
