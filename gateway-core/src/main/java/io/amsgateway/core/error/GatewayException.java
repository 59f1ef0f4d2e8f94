package io.amsgateway.core.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception type of the gateway: an {@link ErrorCode} and a message that is safe to show
 * to the caller.
 *
 * <p>The message must never contain key material, signatures, bodies or card data; constructors
 * do not check this, authors do. It is stackless unless it wraps a cause, because it is thrown on
 * the hot path for expected failures (a bad request, a bad response signature).
 *
 * <p>Immutable and thread-safe.
 */
public class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public GatewayException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public GatewayException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(message, cause, false, cause != null);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + code.resultCode() + "]: " + getMessage();
    }
}
