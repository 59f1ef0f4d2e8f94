package io.amsgateway.core.crypto;

import java.security.PublicKey;

/**
 * Verifies signatures made with exactly one public key version.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>{@link #verify} returns normally only if {@code signature} is a valid signature of {@code
 * content} under this key and algorithm; every other outcome, including a malformed signature,
 * throws. There is no boolean to forget to check.
 *
 * <p>Implementations are immutable and thread-safe; arguments are read, not kept.
 */
public interface Verifier {
    /** The key version this verifier holds. */
    int keyVersion();

    /** The algorithm of this key. */
    SignatureAlgorithm algorithm();

    /** The public key itself (not secret), e.g. to encrypt for its owner. */
    PublicKey publicKey();

    /**
     * Verifies a signature.
     *
     * @throws VerificationException with reason {@code BAD_SIGNATURE} if it does not verify
     */
    void verify(byte[] content, byte[] signature);
}
