package io.amsgateway.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.testing.Providers;
import io.amsgateway.core.testing.Vectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The proof behind {@link CryptoProvider#checksRsaResults()}, on every build: a private key whose
 * CRT exponent {@code dP} is wrong computes the half of the signature modulo {@code p} wrongly,
 * exactly as a computation fault would (the Bellcore attack: such a signature reveals {@code p}).
 * Every provider that claims the check must refuse to return that signature; {@link JcaSigner}
 * skips its own verification only for those.
 */
class RsaFaultCheckTest {
    private static final byte[] CONTENT = "POST /ams/api/v1/payments/pay\nTEST_5X00000000000000.2026-12-01T00:00:00Z.{}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void everyProviderThatClaimsTheCheckRefusesAFaultySignature() throws Exception {
        RSAPrivateCrtKey good = (RSAPrivateCrtKey) Vectors.privateKey("merchant-1");
        for (CryptoProvider p : Providers.all()) {
            assertThat(p.checksRsaResults()).as(p.name()).isTrue();
            // The same provider signs with the sound key (the refusal below is not a broken set-up)...
            assertThat(sign(p, providerKey(p, good))).as(p.name()).hasSize(256);
            // ...and returns nothing with the faulty one.
            PrivateKey faulty = providerKey(p, faulted(good));
            assertThatThrownBy(() -> sign(p, faulty))
                    .as(p.name() + " must not release a signature computed with a fault")
                    .isInstanceOfAny(GeneralSecurityException.class, RuntimeException.class);
        }
    }

    @Test
    void theSignerTrustsTheProviderForRsaOnly() throws Exception {
        for (CryptoProvider p : Providers.all()) {
            JcaSigner rsa = JcaSigner.create(
                    "TEST_5X00000000000000", 1, SignatureAlgorithm.RSA256, Vectors.privateKey("merchant-1"), p);
            assertThat(rsa.verifiesEachSignature()).as(p.name()).isFalse();
            // What it returns is still a valid signature.
            JcaVerifier.create(1, SignatureAlgorithm.RSA256, rsa.publicKey(), CryptoProvider.jdk())
                    .verify(CONTENT, rsa.signNow(CONTENT));
        }
        java.security.KeyPairGenerator ec =
                java.security.KeyPairGenerator.getInstance("EC", CryptoProvider.bouncyCastleProvider());
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp224r1"));
        JcaSigner ecc = JcaSigner.create(
                "TEST_5X00000000000000",
                1,
                SignatureAlgorithm.ECC224,
                ec.generateKeyPair().getPrivate(),
                CryptoProvider.jdk());
        assertThat(ecc.verifiesEachSignature()).isTrue();
    }

    /** Refused when loaded: by the provider's import (ACCP) or by the self-test signature. */
    @Test
    void aFaultyKeyIsRefusedWhenTheSignerIsMadeWithEveryProvider() throws Exception {
        RSAPrivateCrtKey faulty = faulted((RSAPrivateCrtKey) Vectors.privateKey("merchant-1"));
        for (CryptoProvider p : Providers.all()) {
            assertThatThrownBy(() -> JcaSigner.create("TEST_5X00000000000000", 1, SignatureAlgorithm.RSA256, faulty, p))
                    .as(p.name())
                    .isInstanceOf(KeyFormatException.class)
                    .hasMessageNotContaining(faulty.getPrimeExponentP().toString(16));
        }
    }

    /** {@code key} with {@code dP + 2}: consistent in form, wrong in value. */
    private static RSAPrivateCrtKey faulted(RSAPrivateCrtKey key) throws GeneralSecurityException {
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateCrtKeySpec(
                        key.getModulus(),
                        key.getPublicExponent(),
                        key.getPrivateExponent(),
                        key.getPrimeP(),
                        key.getPrimeQ(),
                        key.getPrimeExponentP().add(BigInteger.TWO),
                        key.getPrimeExponentQ(),
                        key.getCrtCoefficient()));
    }

    /**
     * {@code key} as the provider's own key object, from its components: ACCP's PKCS#8 import
     * (what {@code translateKey} uses) already refuses an inconsistent key, which would hide the
     * check under test.
     */
    private static PrivateKey providerKey(CryptoProvider p, RSAPrivateCrtKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA", p.providerFor(SignatureAlgorithm.RSA256))
                .generatePrivate(new RSAPrivateCrtKeySpec(
                        key.getModulus(),
                        key.getPublicExponent(),
                        key.getPrivateExponent(),
                        key.getPrimeP(),
                        key.getPrimeQ(),
                        key.getPrimeExponentP(),
                        key.getPrimeExponentQ(),
                        key.getCrtCoefficient()));
    }

    private static byte[] sign(CryptoProvider p, PrivateKey key) throws GeneralSecurityException {
        Signature s = p.newSignature(SignatureAlgorithm.RSA256);
        s.initSign(key);
        s.update(CONTENT);
        return s.sign();
    }
}
