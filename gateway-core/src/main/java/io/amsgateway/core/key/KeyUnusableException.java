package io.amsgateway.core.key;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;

/**
 * A key source answered, but the key it holds does not load: a key file that is unreadable or whose
 * symbolic link dangles, text that is not a key of the right kind or size, a key that fails its test
 * signature. Like {@link KeyNotFoundException} this is an answer, so {@link CachingKeySource}
 * caches it for the not-found TTL (a broken key costs one load, not one per call) and reports it
 * once; unlike "not found" it does not drop a key already loaded: the last good copy keeps serving.
 * The caller sees {@code GATEWAY_KEY_UNAVAILABLE}.
 */
public final class KeyUnusableException extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** @param message names the key, where it came from and what is wrong with it; never key material */
    public KeyUnusableException(String message) {
        super(ErrorCode.KEY_UNAVAILABLE, message);
    }
}
