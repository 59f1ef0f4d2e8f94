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
    private final ResultStatus resultStatus;

    public GatewayException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.resultStatus = code.resultStatus();
    }

    public GatewayException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(message, cause, false, cause != null);
        this.code = Objects.requireNonNull(code, "code");
        this.resultStatus = code.resultStatus();
    }

    /**
     * An error whose outcome is {@code resultStatus} rather than the code's own: only ever to
     * make an {@code F} code {@code U} (the request may have been sent), never the other way.
     */
    public GatewayException(ErrorCode code, ResultStatus resultStatus, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        if (resultStatus == ResultStatus.F && code.resultStatus() != ResultStatus.F) {
            throw new IllegalArgumentException(code + " is " + code.resultStatus() + "; it cannot be made F");
        }
        this.resultStatus = resultStatus;
    }

    public ErrorCode code() {
        return code;
    }

    /** The outcome the caller is told: the code's own, unless this error was made {@code U}. */
    public ResultStatus resultStatus() {
        return resultStatus;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + code.resultCode() + "]: " + getMessage();
    }
}
