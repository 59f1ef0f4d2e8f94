package io.amsgateway.core.crypto;

import java.util.concurrent.CompletionStage;

/**
 * Signs content with exactly one key version.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Implementations validate their key at construction and return only signatures that they
 *       have verified with the matching public key, so a faulty computation (for example an
 *       RSA-CRT fault, which would leak the private key) never leaves the process.
 *   <li>Key material never appears in {@code toString}, logs or exception messages.
 * </ul>
 *
 * <p>Implementations are immutable and thread-safe. The content array is read during the call
 * and not kept. Local signers complete the stage before returning; remote ones (Vault Transit)
 * complete it later and never block the calling thread.
 */
public interface Signer {
    /** The key version this signer signs with (the {@code keyVersion} of the {@code Signature} header). */
    int keyVersion();

    /** The algorithm written into the {@code Signature} header. */
    SignatureAlgorithm algorithm();

    /** Signs {@code content}; the stage fails with a {@code GatewayException} on failure. */
    CompletionStage<byte[]> sign(byte[] content);
}
