package io.amsgateway.core.key;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.config;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.core.testing.vault.FakeVault;
import io.amsgateway.core.vault.VaultAuth;
import io.amsgateway.core.vault.VaultClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link VaultKvKeySource} against {@link FakeVault}: the secret's KV version is the key version. */
@Timeout(30)
class VaultKvKeySourceTest {
    private static final String CLIENT = "SANDBOX_5X00000000000000";
    private static final byte[] CONTENT = "POST /ams/api/v1/payments/pay\nc.t.{}".getBytes(StandardCharsets.UTF_8);
    private static final CryptoProvider PROVIDER = CryptoProvider.jdk();

    private static KeyPair merchantV1;
    private static KeyPair merchantV2;
    private static KeyPair alipayV1;
    private static KeyPair alipayV2;
    private static FakeVault vault;
    private static VaultClient client;
    private static VaultKvKeySource source;

    @BeforeAll
    static void start() {
        merchantV1 = TestKeys.rsa();
        merchantV2 = TestKeys.rsa();
        alipayV1 = TestKeys.rsa();
        alipayV2 = TestKeys.rsa();
        vault = FakeVault.start();
        // Version 1 in PEM, version 2 in Alipay's single-line base64: both are accepted.
        vault.kvPut(
                "kv",
                "ams/" + CLIENT,
                Map.of(
                        "merchant_private_key",
                                pem("PRIVATE KEY", merchantV1.getPrivate().getEncoded()),
                        "alipay_public_key_v1",
                                pem("PUBLIC KEY", alipayV1.getPublic().getEncoded())));
        vault.kvPut(
                "kv",
                "ams/" + CLIENT,
                Map.of(
                        "merchant_private_key", b64(merchantV2.getPrivate().getEncoded()),
                        "alipay_public_key_v1", b64(alipayV1.getPublic().getEncoded()),
                        "alipay_public_key_v2", b64(alipayV2.getPublic().getEncoded()),
                        "note", "not a key field"));
        vault.kvPut(
                "kv",
                "ams/BROKEN",
                Map.of("merchant_private_key", "not-a-key-SECRET-VALUE", "alipay_public_key_vX", "also-SECRET"));
        client = VaultClient.create(
                config(vault.uri(), VaultAuth.Token.fromValue(vault.rootToken())), VaultClient.Listener.NONE);
        source = new VaultKvKeySource(client, "kv", "ams/{client-id}", SignatureAlgorithm.RSA256, PROVIDER);
    }

    @AfterAll
    static void stop() {
        source.close();
        client.close();
        vault.close();
    }

    @Test
    void merchantKeyVersionNIsKvVersionN() {
        MerchantKey k1 = await(source.merchantKey(new KeyRef(CLIENT, 1)));
        MerchantKey k2 = await(source.merchantKey(new KeyRef(CLIENT, 2)));

        assertThat(k1.ref()).isEqualTo(new KeyRef(CLIENT, 1));
        assertThat(k1.privateKey()).isNotNull();
        verifier(1, merchantV1).verify(CONTENT, await(k1.signer().sign(CONTENT)));
        verifier(2, merchantV2).verify(CONTENT, await(k2.signer().sign(CONTENT)));
        assertThat(vault.requests())
                .anyMatch(r ->
                        r.path().equals("kv/data/ams/" + CLIENT) && r.query().equals("version=1"));
        assertThat(source.name()).isEqualTo("vault-kv");
    }

    @Test
    void alipayKeysAreTheVersionedFieldsOfTheCurrentVersion() {
        VerifierSet keys = await(source.alipayKeys(CLIENT));

        assertThat(keys.versions()).containsExactly(1, 2);
        byte[] sig = sign(alipayV2);
        keys.select(2).verify(CONTENT, sig);
    }

    @Test
    void latestVersionIsTheCurrentKvVersion() {
        assertThat(await(source.latestVersion(CLIENT))).isEqualTo(2);
    }

    @Test
    void aMissingVersionIsKeyNotFound() {
        assertThat(failure(source.merchantKey(new KeyRef(CLIENT, 3)))).isInstanceOf(KeyNotFoundException.class);
        assertThat(failure(source.merchantKey(new KeyRef(CLIENT, 0))))
                .as("KV has no version 0 (Vault would read it as the latest)")
                .isInstanceOf(KeyNotFoundException.class);
        assertThat(failure(source.merchantKey(new KeyRef("UNKNOWN", 1)))).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void anUnparsableKeyOrAMissingFieldNamesTheFieldNeverTheValue() {
        Throwable bad = failure(source.merchantKey(new KeyRef("BROKEN", 1)));
        assertThat(bad).isInstanceOf(GatewayException.class).hasMessageContaining("'merchant_private_key'");
        assertThat(((GatewayException) bad).code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
        assertThat(bad.getMessage()).doesNotContain("SECRET");

        Throwable badName = failure(source.alipayKeys("BROKEN"));
        assertThat(badName).hasMessageContaining("'alipay_public_key_vX'").hasMessageNotContaining("SECRET");

        VaultKvKeySource otherField = new VaultKvKeySource(
                client,
                "kv",
                "ams/{client-id}",
                "rsa_private",
                "alipay_public_key_v",
                SignatureAlgorithm.RSA256,
                PROVIDER);
        assertThat(failure(otherField.merchantKey(new KeyRef(CLIENT, 2))))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("no field 'rsa_private'");
    }

    private static JcaVerifier verifier(int version, KeyPair pair) {
        return JcaVerifier.create(version, SignatureAlgorithm.RSA256, pair.getPublic(), PROVIDER);
    }

    private static byte[] sign(KeyPair pair) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
            s.initSign(pair.getPrivate());
            s.update(CONTENT);
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return PemKeys.pem(type, der);
    }

    private static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }
}
