package io.amsgateway.core.error;

/**
 * Every way a call through the gateway can fail, with the HTTP status and the Alipay-style
 * {@code resultStatus} the caller receives.
 *
 * <p>{@code F} means the gateway knows that nothing reached Alipay, so the caller may retry
 * freely. {@code U} means the outcome is unknown (the request may have been executed): the caller
 * must inquire, reusing the same {@code paymentRequestId}, before retrying. When in doubt a code
 * is {@code U}.
 *
 * <p>The caller sees {@link #resultCode()} ({@code GATEWAY_} + the constant's name); metrics use
 * {@link #name()} as the label value. Both are stable API: rename nothing.
 */
public enum ErrorCode {
    /** The caller's request is malformed (not UTF-8 JSON, bad header...). Nothing was sent. */
    INVALID_REQUEST(400, ResultStatus.F),
    /** The caller's body exceeds the configured limit. Nothing was sent. */
    PAYLOAD_TOO_LARGE(413, ResultStatus.F),
    /** The caller used a method other than POST. Nothing was sent. */
    METHOD_NOT_SUPPORTED(405, ResultStatus.F),
    /**
     * The request did not arrive whole within the listener's read timeouts. Nothing was sent; the
     * connection is closed after the answer.
     */
    REQUEST_TIMEOUT(408, ResultStatus.F),
    /**
     * The caller could not be identified where the listener requires an identity: no client
     * certificate and no bearer token, or a bearer token the gateway does not know. Nothing was sent.
     */
    CALLER_UNAUTHENTICATED(401, ResultStatus.F),
    /** No caller rule allows this caller to use this profile for this API. Nothing was sent. */
    CALLER_FORBIDDEN(403, ResultStatus.F),
    /** The caller or the profile is over its call rate; {@code Retry-After} says when to retry. Nothing was sent. */
    RATE_LIMITED(429, ResultStatus.F),
    /**
     * The caller or the profile already has its maximum of calls in flight. Nothing was sent. A 503
     * (not 429) because it says "busy now", not "too many over time": retry after a call finishes.
     */
    CONCURRENCY_LIMITED(503, ResultStatus.F),
    /** No route for the path. Nothing was sent. */
    ROUTE_NOT_FOUND(404, ResultStatus.F),
    /** The Client-Id does not name a configured client profile. Nothing was sent. */
    UNKNOWN_CLIENT(400, ResultStatus.F),
    /** The signing key could not be loaded. Nothing was sent. */
    KEY_UNAVAILABLE(503, ResultStatus.F),
    /** Signing (or encrypting) the request failed. Nothing was sent. */
    SIGNING_FAILED(500, ResultStatus.F),
    /** No connection to Alipay could be made. Nothing was sent. */
    UPSTREAM_CONNECT_FAILED(502, ResultStatus.F),
    /** The request may have reached Alipay but no complete answer came in time. */
    UPSTREAM_TIMEOUT(504, ResultStatus.U),
    /** The connection failed after the request was (perhaps partly) written. */
    UPSTREAM_CONNECTION_LOST(502, ResultStatus.U),
    /** Alipay answered with a non-2xx HTTP status. */
    UPSTREAM_BAD_STATUS(502, ResultStatus.U),
    /** The response could not be proven to come from Alipay; its body is withheld. */
    RESPONSE_SIGNATURE_INVALID(502, ResultStatus.U),
    /** The response verified but could not be decrypted. */
    RESPONSE_DECRYPTION_FAILED(502, ResultStatus.U),
    /** An inbound notification did not verify; it is not forwarded. */
    NOTIFICATION_SIGNATURE_INVALID(401, ResultStatus.F),
    /** An inbound notification's request-time is outside the accepted age; it is not forwarded. */
    NOTIFICATION_STALE(401, ResultStatus.F),
    /**
     * A verified notification could not be handed to the internal service (error or timeout); it
     * is not acknowledged, so Alipay sends it again. The service may or may not have processed it.
     */
    NOTIFICATION_NOT_DELIVERED(502, ResultStatus.U),
    /**
     * The gateway is shutting down and takes no new calls. Nothing was sent ({@code F}); a call
     * that was still running when the drain timeout ended is answered with this code and {@code U}
     * when its request had been handed to the upstream (see {@link GatewayException#resultStatus()}).
     */
    SHUTTING_DOWN(503, ResultStatus.F),
    /**
     * The gateway is at a global edge limit ({@code gateway.limits}: open connections, or bytes
     * buffered for bodies still arriving). Nothing was sent; retry later.
     */
    OVERLOADED(503, ResultStatus.F),
    /** A bug. The request may or may not have been sent. */
    INTERNAL(500, ResultStatus.U);

    private final int httpStatus;
    private final ResultStatus resultStatus;

    ErrorCode(int httpStatus, ResultStatus resultStatus) {
        this.httpStatus = httpStatus;
        this.resultStatus = resultStatus;
    }

    /** The HTTP status of the error response sent to the caller. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the request certainly was not executed ({@code F}) or may have been ({@code U}). */
    public ResultStatus resultStatus() {
        return resultStatus;
    }

    /** The {@code result.resultCode} the caller sees, e.g. {@code GATEWAY_UPSTREAM_TIMEOUT}. */
    public String resultCode() {
        return "GATEWAY_" + name();
    }
}
