package io.amsgateway.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/** Checks that a key fits an algorithm, and derives a public key from a private one. */
final class KeyChecks {
    /** Alipay's keys are RSA-2048; anything smaller is refused. */
    static final int MIN_RSA_BITS = 2048;
    /** A bound against absurd keys that would make every call slow. */
    static final int MAX_RSA_BITS = 16384;

    private static final ECNamedCurveParameterSpec SECP224R1 = ECNamedCurveTable.getParameterSpec("secp224r1");

    private KeyChecks() {}

    static void check(Key key, SignatureAlgorithm algorithm) {
        switch (algorithm) {
            case RSA256 -> {
                if (!(key instanceof RSAKey rsa)) {
                    throw new KeyFormatException("RSA256 needs an RSA key, got " + key.getAlgorithm());
                }
                int bits = rsa.getModulus().bitLength();
                if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                    throw new KeyFormatException(
                            "RSA key has " + bits + " bits; RSA256 needs " + MIN_RSA_BITS + " to " + MAX_RSA_BITS);
                }
            }
            case ECC224 -> {
                if (!(key instanceof ECKey ec)) {
                    throw new KeyFormatException("ECC224 needs an EC key, got " + key.getAlgorithm());
                }
                if (!ec.getParams().getOrder().equals(SECP224R1.getN())) {
                    throw new KeyFormatException("EC key is not on curve secp224r1, which ECC224 needs");
                }
            }
        }
    }

    /** The public half of {@code key}: RSA from its CRT form, EC by multiplying the base point. */
    static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec && ec.getParams().getOrder().equals(SECP224R1.getN())) {
                BigInteger d = ec.getS();
                return KeyFactory.getInstance("EC", CryptoProvider.bouncyCastleProvider())
                        .generatePublic(
                                new ECPublicKeySpec(SECP224R1.getG().multiply(d).normalize(), SECP224R1));
            }
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException(
                    "cannot derive the public key: " + e.getClass().getSimpleName());
        }
        throw new KeyFormatException("cannot derive the public key of a " + key.getAlgorithm()
                + " private key without CRT parameters or a known curve");
    }
}
