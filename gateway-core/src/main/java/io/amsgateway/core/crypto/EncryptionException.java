package io.amsgateway.core.crypto;

/**
 * RSA_AES encryption or decryption failed. The message names the step; it never contains a key,
 * a symmetric key or plaintext. Stackless: bad input, not a bug.
 */
public final class EncryptionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EncryptionException(String message) {
        super(message, null, false, false);
    }
}
