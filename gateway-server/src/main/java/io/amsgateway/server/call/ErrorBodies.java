package io.amsgateway.server.call;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.AlipayResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

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
    private static final JsonFactory JSON = JsonFactory.builder().build();
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

    /**
     * UTF-8 JSON for any throwable, with what Alipay said in an unsigned answer under {@value
     * UnverifiedAlipayResult#FIELD} when {@code unverified} is not null; never throws.
     */
    static byte[] render(Throwable t, @Nullable UnverifiedAlipayResult unverified) {
        if (unverified == null) {
            return render(t);
        }
        AlipayResult r = resultOf(t);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeStringField("resultCode", r.resultCode());
            g.writeStringField("resultStatus", r.resultStatus().name());
            g.writeStringField("resultMessage", r.resultMessage());
            g.writeEndObject();
            unverified.writeField(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return out.toByteArray();
    }
}
