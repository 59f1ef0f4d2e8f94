package io.amsgateway.server.upstream;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;

/**
 * An upstream failure, classified by whether the request may have reached Alipay: {@link
 * ErrorCode#UPSTREAM_CONNECT_FAILED} (nothing was written, retry is safe) or one of the {@code U}
 * codes (timeout, connection lost after writing).
 */
public final class UpstreamException extends GatewayException {
    private static final long serialVersionUID = 1L;

    public UpstreamException(ErrorCode code, String message) {
        super(code, message);
    }
}
