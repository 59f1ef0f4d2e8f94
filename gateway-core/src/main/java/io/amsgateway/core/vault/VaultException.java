package io.amsgateway.core.vault;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import org.jspecify.annotations.Nullable;

/**
 * Vault could not answer an operation: the caller sees {@code GATEWAY_KEY_UNAVAILABLE} and
 * nothing was sent to Alipay. {@link #kind()} says why, in a form fit for metrics and retry
 * decisions. The message names the operation, the Vault path and Vault's own error text; it never
 * contains a token, secret id, JWT, secret value or key.
 */
public final class VaultException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Kind {
        /** HTTP 403: the token was refused or lacks the policy. */
        DENIED,
        /** HTTP 404: nothing at that path. */
        NOT_FOUND,
        /** HTTP 400 or another 4xx: Vault refused the request itself. */
        BAD_REQUEST,
        /** HTTP 429: rate limited. */
        RATE_LIMITED,
        /** HTTP 503: sealed or in maintenance. */
        SEALED,
        /** HTTP 500 or another 5xx. */
        SERVER_ERROR,
        /** No answer: connection refused, TLS failure, or the request timed out. */
        UNREACHABLE,
        /** An answer that is not the JSON the API documents. */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final int status;

    /**
     * @param status the HTTP status, or 0 when there was no answer
     * @param message names operation and path; never secret
     */
    public VaultException(Kind kind, int status, String message, @Nullable Throwable cause) {
        super(ErrorCode.KEY_UNAVAILABLE, message, cause);
        this.kind = kind;
        this.status = status;
    }

    /** The kind of an HTTP status that is not 2xx. */
    public static Kind kindOf(int status) {
        return switch (status) {
            case 403 -> Kind.DENIED;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            case 503 -> Kind.SEALED;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.BAD_REQUEST;
        };
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status Vault answered with, or 0 when it did not answer. */
    public int status() {
        return status;
    }
}
