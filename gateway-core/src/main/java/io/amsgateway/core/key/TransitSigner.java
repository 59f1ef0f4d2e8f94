package io.amsgateway.core.key;

import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.Signer;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.vault.VaultClient;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A {@link Signer} whose private key stays in Vault Transit: each {@link #sign} is one {@code
 * transit/sign} call with SHA-256 and PKCS#1 v1.5 for exactly this key version.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>Every signature Vault returns is verified with this version's public key before the stage
 * completes; one that does not verify fails the stage with {@code SIGNING_FAILED} and is never
 * used. Vault's {@code vault:vN:} prefix must name this version. Immutable and thread-safe;
 * completes on the Vault client's threads and never blocks the caller.
 */
public final class TransitSigner implements Signer {
    private final VaultClient client;
    private final String mount;
    private final String keyName;
    private final KeyRef keyRef;
    private final JcaVerifier verifier;

    /**
     * @param verifier the public key of Transit key {@code keyName} version {@code
     *     keyRef.keyVersion()}, RSA256
     */
    public TransitSigner(VaultClient client, String mount, String keyName, KeyRef keyRef, JcaVerifier verifier) {
        this.client = Objects.requireNonNull(client, "client");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.keyName = Objects.requireNonNull(keyName, "keyName");
        this.keyRef = Objects.requireNonNull(keyRef, "keyRef");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (verifier.algorithm() != SignatureAlgorithm.RSA256) {
            throw new IllegalArgumentException("Vault Transit signing supports RSA256 only");
        }
        if (verifier.keyVersion() != keyRef.keyVersion()) {
            throw new IllegalArgumentException("the verifier's key version differs from " + keyRef);
        }
    }

    @Override
    public int keyVersion() {
        return keyRef.keyVersion();
    }

    /** Which client and version this signs for. */
    public KeyRef keyRef() {
        return keyRef;
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return SignatureAlgorithm.RSA256;
    }

    @Override
    public CompletionStage<byte[]> sign(byte[] content) {
        byte[] copy = content.clone();
        return client.transitSign(mount, keyName, keyRef.keyVersion(), copy).thenApply(signature -> {
            try {
                verifier.verify(copy, signature);
            } catch (VerificationException e) {
                throw new GatewayException(
                        ErrorCode.SIGNING_FAILED,
                        "Vault Transit signature for " + keyRef + " (" + mount + "/" + keyName
                                + ") did not verify with its public key; it was not used");
            }
            return signature;
        });
    }

    @Override
    public String toString() {
        return "TransitSigner[" + keyRef + ", " + mount + "/" + keyName + "]";
    }
}
