package io.amsgateway.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.key.KeyRef;
import io.amsgateway.core.testing.Providers;
import io.amsgateway.core.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JcaSignerTest {
    private static final KeyRef REF = new KeyRef("TEST_5X00000000000000", 1);
    private static final byte[] CONTENT =
            "POST /ams/api/v1/payments/pay\nTEST_5X00000000000000.1.{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyProviderProducesTheSameDeterministicSignature() {
        List<byte[]> sigs = new ArrayList<>();
        for (CryptoProvider p : Providers.all()) {
            sigs.add(JcaSigner.create(
                            REF.clientId(),
                            REF.keyVersion(),
                            SignatureAlgorithm.RSA256,
                            Vectors.privateKey("merchant-1"),
                            p)
                    .signNow(CONTENT));
        }
        assertThat(sigs).allSatisfy(s -> assertThat(s).isEqualTo(sigs.get(0)));
    }

    @Test
    void signedOutputVerifiesWithThePublicKey() {
        JcaSigner s = JcaSigner.create(
                REF.clientId(),
                REF.keyVersion(),
                SignatureAlgorithm.RSA256,
                Vectors.privateKey("merchant-1"),
                CryptoProvider.jdk());
        JcaVerifier v =
                JcaVerifier.create(1, SignatureAlgorithm.RSA256, Vectors.publicKey("merchant-1"), CryptoProvider.jdk());
        v.verify(CONTENT, s.sign(CONTENT).toCompletableFuture().join());
        assertThat(s.publicKey().getEncoded())
                .isEqualTo(Vectors.publicKey("merchant-1").getEncoded());
    }

    @Test
    void constructionRejectsKeysUnfitForTheAlgorithm() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertThatThrownBy(() -> JcaSigner.create(
                        REF.clientId(),
                        REF.keyVersion(),
                        SignatureAlgorithm.RSA256,
                        rsa.generateKeyPair().getPrivate(),
                        CryptoProvider.jdk()))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("1024 bits");

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", CryptoProvider.bouncyCastleProvider());
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        var p256 = ec.generateKeyPair();
        assertThatThrownBy(() -> JcaSigner.create(
                        REF.clientId(),
                        REF.keyVersion(),
                        SignatureAlgorithm.ECC224,
                        p256.getPrivate(),
                        CryptoProvider.jdk()))
                .hasMessageContaining("secp224r1");
        assertThatThrownBy(() -> JcaSigner.create(
                        REF.clientId(),
                        REF.keyVersion(),
                        SignatureAlgorithm.RSA256,
                        p256.getPrivate(),
                        CryptoProvider.jdk()))
                .hasMessageContaining("needs an RSA key");
        assertThatThrownBy(() -> JcaSigner.create(
                        REF.clientId(),
                        REF.keyVersion(),
                        SignatureAlgorithm.ECC224,
                        Vectors.privateKey("merchant-1"),
                        CryptoProvider.jdk()))
                .hasMessageContaining("needs an EC key");
        assertThatThrownBy(() -> JcaVerifier.create(
                        1, SignatureAlgorithm.ECC224, Vectors.publicKey("alipay-1"), CryptoProvider.jdk()))
                .hasMessageContaining("needs an EC key");
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        JcaSigner s = JcaSigner.create(
                REF.clientId(),
                REF.keyVersion(),
                SignatureAlgorithm.RSA256,
                Vectors.privateKey("merchant-1"),
                CryptoProvider.jdk());
        String pkcs8 = Vectors.key("merchant-1").get("privateKeyPkcs8Base64").asText();
        assertThat(s.toString()).contains("TEST_5X00000000000000#v1", "RSA256").doesNotContain(pkcs8.substring(40, 60));
        assertThat(s.toString())
                .doesNotContain(((java.security.interfaces.RSAPrivateKey) Vectors.privateKey("merchant-1"))
                        .getPrivateExponent()
                        .toString(16)
                        .substring(0, 16));
    }

    @Test
    void isThreadSafe() throws Exception {
        JcaSigner s = JcaSigner.create(
                REF.clientId(),
                REF.keyVersion(),
                SignatureAlgorithm.RSA256,
                Vectors.privateKey("merchant-2"),
                CryptoProvider.jdk());
        byte[] expected = s.signNow(CONTENT);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> s.signNow(CONTENT)));
            }
            for (Future<byte[]> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
