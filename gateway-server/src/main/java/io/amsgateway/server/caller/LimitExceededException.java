package io.amsgateway.server.caller;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;

/**
 * A call refused by {@link CallLimits}: {@code RATE_LIMITED} (429) or {@code CONCURRENCY_LIMITED}
 * (503), both {@code F}. The answer should carry {@code Retry-After: }{@link #retryAfterSeconds()}.
 */
public final class LimitExceededException extends GatewayException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    LimitExceededException(ErrorCode code, String message, long retryAfterSeconds) {
        super(code, message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds to wait before retrying, at least 1 (the {@code Retry-After} header's value). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Nanoseconds to whole seconds, rounded up, at least 1. */
    static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
