package io.amsgateway.server.proxy;

import io.amsgateway.core.error.ErrorBodies;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the caller receives, with what the access log and metrics need to know about the call.
 *
 * @param status HTTP status
 * @param headers extra response headers (Content-Type and Content-Length are set by the writer)
 * @param body the body
 * @param profile the profile's name, or {@code -} when none was chosen
 * @param api the API path for metrics and logs (bounded set), e.g. {@code payments/pay}
 * @param resultStatus Alipay's {@code result.resultStatus} of a verified answer, or the error's
 * @param error the gateway error, or null when Alipay's verified answer is passed through
 * @param keyVersion the Alipay key version that verified the answer, or -1
 * @param upstreamNanos time spent upstream, or 0
 */
public record GatewayResponse(
        int status,
        Map<String, String> headers,
        byte[] body,
        String profile,
        String api,
        String resultStatus,
        @Nullable ErrorCode error,
        int keyVersion,
        long upstreamNanos) {

    /** The header naming the gateway error, for callers and log pipelines that do not parse bodies. */
    public static final String ERROR_HEADER = "X-Gateway-Error";
    /** The header naming the Alipay key version that verified the answer. */
    public static final String KEY_VERSION_HEADER = "X-Gateway-Verified-Key-Version";

    /** An error answer in Alipay's shape for any throwable (unknown ones become INTERNAL). */
    public static GatewayResponse error(Throwable t, String profile, String api, long upstreamNanos) {
        ErrorCode code = ErrorBodies.codeOf(t);
        return new GatewayResponse(
                code.httpStatus(),
                Map.of(ERROR_HEADER, code.resultCode()),
                ErrorBodies.render(t),
                profile,
                api,
                code.resultStatus().name(),
                code,
                -1,
                upstreamNanos);
    }

    /** An error answer for a code and a caller-safe message. */
    public static GatewayResponse error(ErrorCode code, String message) {
        return error(new GatewayException(code, message), "-", "-", 0);
    }

    @Override
    public String toString() {
        // Never the body: it may hold card data.
        return "GatewayResponse[" + status + " " + (error != null ? error.resultCode() : resultStatus) + ", "
                + body.length + " bytes]";
    }
}
