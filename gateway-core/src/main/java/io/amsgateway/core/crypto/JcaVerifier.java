package io.amsgateway.core.crypto;

import io.amsgateway.core.crypto.VerificationException.Reason;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;

/**
 * A {@link Verifier} over JCA with one public key.
 *
 * <p>Construction checks the key against the algorithm (RSA of 2048 to 16384 bits, or EC on
 * secp224r1) and translates it once into the provider's own key type, so that no call pays for a
 * key conversion. Each call uses a fresh {@link Signature}. Immutable and thread-safe.
 */
public final class JcaVerifier implements Verifier {
    private final int keyVersion;
    private final SignatureAlgorithm algorithm;
    private final PublicKey key;
    private final CryptoProvider provider;

    private JcaVerifier(int keyVersion, SignatureAlgorithm algorithm, PublicKey key, CryptoProvider provider) {
        this.keyVersion = keyVersion;
        this.algorithm = algorithm;
        this.key = key;
        this.provider = provider;
    }

    /**
     * Creates a verifier.
     *
     * @throws KeyFormatException if the key does not fit the algorithm
     */
    public static JcaVerifier create(
            int keyVersion, SignatureAlgorithm algorithm, PublicKey key, CryptoProvider provider) {
        if (keyVersion < 0) {
            throw new IllegalArgumentException("keyVersion must not be negative");
        }
        KeyChecks.check(key, algorithm);
        PublicKey translated;
        try {
            translated = (PublicKey) KeyFactory.getInstance(algorithm.keyAlgorithm(), provider.providerFor(algorithm))
                    .translateKey(key);
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("the " + provider.name() + " provider cannot use this public key: "
                    + e.getClass().getSimpleName());
        }
        return new JcaVerifier(keyVersion, algorithm, translated, provider);
    }

    @Override
    public int keyVersion() {
        return keyVersion;
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The public key (not secret). */
    @Override
    public PublicKey publicKey() {
        return key;
    }

    @Override
    public void verify(byte[] content, byte[] signature) {
        boolean ok;
        try {
            Signature s = provider.newSignature(algorithm);
            s.initVerify(key);
            s.update(content);
            ok = s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed signature (wrong length, bad DER) is just a signature that does not verify.
            ok = false;
        }
        if (!ok) {
            throw new VerificationException(
                    Reason.BAD_SIGNATURE, "signature does not verify with " + algorithm + " key version " + keyVersion);
        }
    }

    @Override
    public String toString() {
        return "JcaVerifier[" + algorithm + " v" + keyVersion + ", " + provider.name() + "]";
    }
}
