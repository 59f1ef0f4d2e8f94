package io.amsgateway.core.key;

import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.Signer;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Signer} whose private key stays in a PKCS#11 token: SHA256withRSA (PKCS#1 v1.5)
 * computed by the token, on the token's bounded signing threads ({@link Pkcs11Token#call}).
 *
 * <h2>Security guarantees</h2>
 *
 * <p>Every signature the token returns is verified with this version's public key (from the
 * certificate stored beside the key) before the stage completes; one that does not verify fails
 * with {@code SIGNING_FAILED} and is never used. The key handle is looked up from the token per
 * use (a map lookup), so after the token recovers from a failure the signer uses the key's new
 * handle. Immutable and thread-safe; never blocks the caller.
 */
public final class Pkcs11Signer implements Signer {
    private final Pkcs11Token token;
    private final String label;
    private final KeyRef keyRef;
    private final JcaVerifier verifier;

    Pkcs11Signer(Pkcs11Token token, String label, KeyRef keyRef, JcaVerifier verifier) {
        this.token = Objects.requireNonNull(token, "token");
        this.label = Objects.requireNonNull(label, "label");
        this.keyRef = Objects.requireNonNull(keyRef, "keyRef");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (verifier.algorithm() != SignatureAlgorithm.RSA256 || verifier.keyVersion() != keyRef.keyVersion()) {
            throw new IllegalArgumentException("the verifier must be RSA256 of " + keyRef);
        }
    }

    @Override
    public int keyVersion() {
        return keyRef.keyVersion();
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RSA256;
    }

    @Override
    public CompletionStage<byte[]> sign(byte[] content) {
        byte[] copy = content.clone();
        return token.call("signing with " + keyRef + " (label " + label + ")", () -> signHere(copy));
    }

    /** Signs and verifies on the calling thread, which must be one of the token's. */
    byte[] signHere(byte[] content) throws Exception {
        PrivateKey key = token.privateKey(label);
        if (key == null) {
            throw new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE,
                    token + ": the key labelled " + label + " of " + keyRef + " is no longer on the token");
        }
        Signature s = Signature.getInstance(SignatureAlgorithm.RSA256.jcaName(), token.provider());
        s.initSign(key);
        s.update(content);
        byte[] signature = s.sign();
        try {
            verifier.verify(content, signature);
        } catch (VerificationException e) {
            throw new GatewayException(
                    ErrorCode.SIGNING_FAILED,
                    token + ": the signature made with " + keyRef + " did not verify with its certificate's public"
                            + " key; it was not used");
        }
        return signature;
    }

    @Override
    public String toString() {
        return "Pkcs11Signer[" + keyRef + ", label " + label + "]";
    }
}
