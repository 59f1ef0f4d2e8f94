package io.amsgateway.core.crypto;

import java.util.Objects;

/**
 * A signed message could not be proven authentic. {@link #reason()} says why in a form fit for
 * metrics and logs; the message adds detail and never contains a signature, key or body.
 *
 * <p>Stackless: an invalid signature is an expected event, not a bug.
 */
public final class VerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why verification failed. Names are stable: they become metric label values. */
    public enum Reason {
        /** No signature header, no {@code signature=} parameter, or an empty one. */
        MISSING_SIGNATURE,
        /** No (or an empty) response-time / request-time header. */
        MISSING_TIME,
        /** The message's {@code client-id} header differs from the expected client id. */
        CLIENT_ID_MISMATCH,
        /** The header's {@code algorithm} is unknown or differs from the verifying key's. */
        ALGORITHM_MISMATCH,
        /** The {@code keyVersion} names no enabled public key. */
        UNKNOWN_KEY_VERSION,
        /** The signature header or value is malformed (grammar, %-escapes, base64). */
        MALFORMED_HEADER,
        /** The signature does not verify over the content with the selected key. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    public VerificationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
