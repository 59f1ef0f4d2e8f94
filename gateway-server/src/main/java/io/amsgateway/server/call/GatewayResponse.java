package io.amsgateway.server.call;

import io.amsgateway.core.error.ErrorCode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An answer as rendered by {@link Answers}: what the caller receives, with what the access log
 * and metrics need to know about the call.
 *
 * @param status HTTP status
 * @param headers extra response headers (Content-Type and Content-Length are set by the writer)
 * @param body the body
 * @param profile the profile's name, or {@code -} when the outcome belongs to none
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

    @Override
    public String toString() {
        // Never the body: it may hold card data.
        return "GatewayResponse[" + status + " " + (error != null ? error.resultCode() : resultStatus) + ", "
                + body.length + " bytes]";
    }
}
