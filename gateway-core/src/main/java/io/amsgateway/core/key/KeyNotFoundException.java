package io.amsgateway.core.key;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;

/**
 * A key source answered that a key or key version does not exist (a Vault 404, a missing file).
 * Unlike an outage this is an answer, so {@link CachingKeySource} caches it for a short while. The
 * caller sees {@code GATEWAY_KEY_UNAVAILABLE}: nothing was sent.
 */
public final class KeyNotFoundException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** @param message names the source, client and version; never key material */
    public KeyNotFoundException(String message) {
        super(ErrorCode.KEY_UNAVAILABLE, message);
    }
}
