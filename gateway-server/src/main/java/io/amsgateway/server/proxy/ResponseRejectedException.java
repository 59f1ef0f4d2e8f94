package io.amsgateway.server.proxy;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;

/** Alipay's answer did not verify: {@code RESPONSE_SIGNATURE_INVALID}, with the reason for metrics. */
public final class ResponseRejectedException extends GatewayException {
    private static final long serialVersionUID = 1L;

    private final VerificationException.Reason reason;

    public ResponseRejectedException(VerificationException.Reason reason, String message) {
        super(ErrorCode.RESPONSE_SIGNATURE_INVALID, message);
        this.reason = reason;
    }

    /** Why verification failed. */
    public VerificationException.Reason reason() {
        return reason;
    }
}
