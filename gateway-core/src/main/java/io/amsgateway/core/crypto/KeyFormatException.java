package io.amsgateway.core.crypto;

/**
 * A key could not be parsed or is unfit for its use. The message names the format problem (for
 * example "PEM block 'ENCRYPTED PRIVATE KEY' is not supported") and never contains key material.
 */
public final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }
}
