package io.amsgateway.core.key;

import static io.amsgateway.core.vault.VaultTesting.await;
import static io.amsgateway.core.vault.VaultTesting.config;
import static io.amsgateway.core.vault.VaultTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaVerifier;
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
import java.security.Signature;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link VaultTransitKeySource} and {@link TransitSigner} against {@link FakeVault}. */
@Timeout(30)
class VaultTransitKeySourceTest {
    private static final String CLIENT = "SANDBOX_5X00000000000000";
    private static final byte[] CONTENT = "POST /ams/api/v1/payments/pay\nc.t.{}".getBytes(StandardCharsets.UTF_8);
    private static final CryptoProvider PROVIDER = CryptoProvider.jdk();

    private static KeyPair v1;
    private static KeyPair v2;
    private static VerifierSet alipay;
    private static FakeVault vault;
    private static VaultClient client;
    private static VaultTransitKeySource source;

    /** The delegate for Alipay's keys: hands out {@code alipay} and nothing else. */
    static final class AlipayKeysOnly implements KeySource {
        @Override
        public String name() {
            return "alipay-keys-only";
        }

        @Override
        public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<VerifierSet> alipayKeys(String clientId) {
            return CompletableFuture.completedFuture(alipay);
        }

        @Override
        public CompletionStage<Integer> latestVersion(String clientId) {
            throw new UnsupportedOperationException();
        }
    }

    @BeforeAll
    static void start() {
        v1 = TestKeys.rsa();
        v2 = TestKeys.rsa();
        alipay = VerifierSet.of(JcaVerifier.create(1, SignatureAlgorithm.RSA256, v2.getPublic(), PROVIDER));
        vault = FakeVault.start();
        vault.transitCreateKey("transit", "ams-" + CLIENT, v1);
        vault.transitRotate("transit", "ams-" + CLIENT, v2);
        client = VaultClient.create(
                config(vault.uri(), VaultAuth.Token.fromValue(vault.rootToken())), VaultClient.Listener.NONE);
        source = new VaultTransitKeySource(
                client, "transit", "ams-{client-id}", SignatureAlgorithm.RSA256, PROVIDER, new AlipayKeysOnly());
    }

    @AfterAll
    static void stop() {
        client.close();
        vault.close();
    }

    @Test
    void signsInVaultWithTheRequestedVersionAndNoPrivateKeyLeavesIt() throws Exception {
        long loadBefore = vault.transitSigns();
        MerchantKey key = await(source.merchantKey(new KeyRef(CLIENT, 1)));
        assertThat(vault.transitSigns() - loadBefore)
                .as("a load makes one test signature")
                .isEqualTo(1);
        long signsBefore = vault.transitSigns();

        assertThat(key.privateKey()).isNull();
        assertThat(key.signer()).isInstanceOf(TransitSigner.class);
        assertThat(key.signer().algorithm()).isEqualTo(SignatureAlgorithm.RSA256);
        Signature local = Signature.getInstance("SHA256withRSA");
        local.initSign(v1.getPrivate());
        local.update(CONTENT);
        assertThat(await(key.signer().sign(CONTENT))).isEqualTo(local.sign());
        assertThat(vault.transitSigns() - signsBefore).isEqualTo(1);
    }

    @Test
    void aSignatureThatDoesNotVerifyIsNeverReturned() {
        // A signer for version 1 that (wrongly) holds version 2's public key: Vault's version-1
        // signature does not verify, so the stage fails instead of handing it out.
        TransitSigner mismatched = new TransitSigner(
                client,
                "transit",
                "ams-" + CLIENT,
                new KeyRef(CLIENT, 1),
                JcaVerifier.create(1, SignatureAlgorithm.RSA256, v2.getPublic(), PROVIDER));

        Throwable t = failure(mismatched.sign(CONTENT));

        assertThat(t).isInstanceOf(GatewayException.class).hasMessageContaining("did not verify");
        assertThat(((GatewayException) t).code()).isEqualTo(ErrorCode.SIGNING_FAILED);
    }

    @Test
    void latestVersionIsTheTransitKeysLatestVersion() {
        assertThat(await(source.latestVersion(CLIENT))).isEqualTo(2);
    }

    @Test
    void aMissingVersionOrKeyIsKeyNotFound() {
        assertThat(failure(source.merchantKey(new KeyRef(CLIENT, 5))))
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessageContaining("no version 5");
        assertThat(failure(source.merchantKey(new KeyRef("OTHER", 1)))).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void alipayKeysComeFromTheDelegate() {
        assertThat(await(source.alipayKeys(CLIENT))).isSameAs(alipay);
        assertThat(source.name()).isEqualTo("vault-transit");
    }

    @Test
    void onlyRsa256IsAccepted() {
        assertThatThrownBy(() -> new VaultTransitKeySource(
                        client, "transit", "k", SignatureAlgorithm.ECC224, PROVIDER, new AlipayKeysOnly()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RSA256");
    }
}
