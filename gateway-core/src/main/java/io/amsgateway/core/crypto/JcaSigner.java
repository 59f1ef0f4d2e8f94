package io.amsgateway.core.crypto;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Signer} over JCA with a private key held in memory.
 *
 * <p>Construction (Tink's rule) checks the key type and size against the algorithm, derives the
 * public key, translates both once into the provider's own key types, and signs and verifies a
 * test message. Each call uses a fresh {@link Signature}. A signature is verified here before it
 * is returned unless the provider's own private-key operation already checks its result (RSA with
 * a provider whose {@link CryptoProvider#checksRsaResults()} is true: all three this project
 * builds), so that a computation fault never leaks a signature either way; EC signatures are
 * always verified here. Immutable and thread-safe; {@link #toString()} shows no key material.
 */
public final class JcaSigner implements Signer {
    private static final byte[] SELF_TEST =
            "POST /ams/api/v1/self-test\nself-test.0.{}".getBytes(StandardCharsets.US_ASCII);

    private final String clientId;
    private final int keyVersion;
    private final SignatureAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final JcaVerifier selfCheck;
    private final CryptoProvider provider;
    /** Whether {@link #signNow} verifies each signature itself (the provider does not). */
    private final boolean verifiesEachSignature;

    private JcaSigner(
            String clientId,
            int keyVersion,
            SignatureAlgorithm algorithm,
            PrivateKey privateKey,
            JcaVerifier selfCheck,
            CryptoProvider provider) {
        this.clientId = clientId;
        this.keyVersion = keyVersion;
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.selfCheck = selfCheck;
        this.provider = provider;
        this.verifiesEachSignature = !(algorithm == SignatureAlgorithm.RSA256 && provider.checksRsaResults());
    }

    /**
     * Creates a signer and proves it works with one test signature.
     *
     * @throws KeyFormatException if the key does not fit the algorithm or fails the self-test
     */
    public static JcaSigner create(
            String clientId, int keyVersion, SignatureAlgorithm algorithm, PrivateKey key, CryptoProvider provider) {
        if (keyVersion < 0) {
            throw new IllegalArgumentException("keyVersion must not be negative");
        }
        KeyChecks.check(key, algorithm);
        PublicKey publicKey = KeyChecks.publicKeyOf(key);
        PrivateKey translated;
        try {
            translated = (PrivateKey) KeyFactory.getInstance(algorithm.keyAlgorithm(), provider.providerFor(algorithm))
                    .translateKey(key);
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("the " + provider.name() + " provider cannot use this private key: "
                    + e.getClass().getSimpleName());
        }
        JcaSigner signer = new JcaSigner(
                clientId,
                keyVersion,
                algorithm,
                translated,
                JcaVerifier.create(keyVersion, algorithm, publicKey, provider),
                provider);
        try {
            signer.signAndVerify(SELF_TEST); // always verified here, whatever the provider checks
        } catch (GatewayException e) {
            throw new KeyFormatException("private key for " + signer.label() + " failed its self-test signature");
        }
        return signer;
    }

    @Override
    public int keyVersion() {
        return keyVersion;
    }

    /** The client this key belongs to (for messages). */
    public String clientId() {
        return clientId;
    }

    /** {@code <client id>#v<version>}, how messages name the key. */
    private String label() {
        return clientId + "#v" + keyVersion;
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The public key matching this signer's private key (not secret). */
    public PublicKey publicKey() {
        return selfCheck.publicKey();
    }

    @Override
    public CompletionStage<byte[]> sign(byte[] content) {
        try {
            return CompletableFuture.completedFuture(signNow(content));
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether each signature is verified here before it is returned (see the class comment). */
    public boolean verifiesEachSignature() {
        return verifiesEachSignature;
    }

    /**
     * Signs on the calling thread (CPU work only); the result is checked against computation
     * faults, by the provider or here (see the class comment).
     *
     * @throws GatewayException with {@link ErrorCode#SIGNING_FAILED}
     */
    public byte[] signNow(byte[] content) {
        return verifiesEachSignature ? signAndVerify(content) : signOnly(content);
    }

    /** Signs and verifies the signature here, whatever the provider checks. */
    byte[] signAndVerify(byte[] content) {
        byte[] signature = signOnly(content);
        try {
            selfCheck.verify(content, signature);
        } catch (VerificationException e) {
            throw new GatewayException(
                    ErrorCode.SIGNING_FAILED, "signature made with " + label() + " did not verify; it was not used");
        }
        return signature;
    }

    private byte[] signOnly(byte[] content) {
        byte[] signature;
        try {
            Signature s = provider.newSignature(algorithm);
            s.initSign(privateKey);
            s.update(content);
            signature = s.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new GatewayException(
                    ErrorCode.SIGNING_FAILED,
                    "signing with " + label() + " failed (" + e.getClass().getSimpleName() + ")");
        }
        return signature;
    }

    @Override
    public String toString() {
        return "JcaSigner[" + label() + ", " + algorithm + ", " + provider.name() + "]";
    }
}
