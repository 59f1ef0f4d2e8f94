package io.amsgateway.server.call;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.AlipayResult;

/**
 * Where a failure becomes the body the caller receives (for {@link Answers}, the one renderer): Alipay's result shape
 * with a {@code GATEWAY_*} result code, so that callers written for Alipay's API handle gateway
 * failures with the code they already have.
 *
 * <p>A {@link GatewayException}'s message is written as {@code resultMessage}; its authors keep
 * it free of secrets. Any other {@link Throwable} is a bug: it becomes {@link ErrorCode#INTERNAL}
 * with a fixed message, never its own text (which might echo input or key material). Logging the
 * stack trace is the caller's job.
 */
final class ErrorBodies {
    static final String INTERNAL_MESSAGE =
            "internal gateway error; the request may have been sent, inquire before retrying";

    private ErrorBodies() {}

    /** The error code for any throwable: its own code, or {@link ErrorCode#INTERNAL}. */
    static ErrorCode codeOf(Throwable t) {
        return t instanceof GatewayException g ? g.code() : ErrorCode.INTERNAL;
    }

    /** The result object for any throwable (see the class comment for what is shown). */
    static AlipayResult resultOf(Throwable t) {
        if (t instanceof GatewayException g) {
            return new AlipayResult(g.code().resultCode(), g.resultStatus(), String.valueOf(g.getMessage()));
        }
        return of(ErrorCode.INTERNAL, INTERNAL_MESSAGE);
    }

    /** The outcome the caller is told for any throwable. */
    static io.amsgateway.core.error.ResultStatus statusOf(Throwable t) {
        return t instanceof GatewayException g ? g.resultStatus() : ErrorCode.INTERNAL.resultStatus();
    }

    /** The result object for a code and a caller-safe message. */
    static AlipayResult of(ErrorCode code, String message) {
        return new AlipayResult(code.resultCode(), code.resultStatus(), message);
    }

    /** UTF-8 JSON for any throwable; never throws. */
    static byte[] render(Throwable t) {
        return resultOf(t).toJsonBytes();
    }
}
