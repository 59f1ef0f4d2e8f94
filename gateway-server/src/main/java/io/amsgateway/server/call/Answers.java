package io.amsgateway.server.call;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.AlipayResult;
import io.amsgateway.core.protocol.HeaderNames;
import io.amsgateway.core.protocol.ResultStatuses;
import io.amsgateway.server.caller.LimitExceededException;
import java.util.Map;

/**
 * The one renderer: every answer the gateway gives (Alipay's verified answer, a notification's
 * acknowledgement, and every gateway error, including the refusals the edge makes before a
 * request is complete) becomes a {@link GatewayResponse} here, and nowhere else.
 *
 * <p>Errors are Alipay's result shape with a {@code GATEWAY_*} code, the code's HTTP status and
 * an {@code X-Gateway-Error} header (see {@link ErrorBodies}); a limit's refusal also carries
 * {@code Retry-After}. Every answer carries the call's {@code X-Request-Id} ({@link
 * CallContext#requestId()}). Stateless.
 */
public final class Answers {
    /** Set on a limit's refusal (429, 503): whole seconds to wait. */
    public static final String RETRY_AFTER = "Retry-After";

    /** {@code X-Gateway-Verified} of an answer whose signature verified with Alipay's public key. */
    public static final String VERIFIED_SIGNATURE = "signature";

    /** {@code X-Gateway-Verified} of an answer to an API-key call: Alipay does not sign those. */
    public static final String VERIFIED_NONE = "none";

    private Answers() {}

    /** The answer for a service's result. */
    public static GatewayResponse of(CallContext call, CallResult result) {
        if (result instanceof CallResult.Verified v) {
            return new GatewayResponse(
                    200,
                    Map.of(
                            HeaderNames.GATEWAY_VERIFIED_KEY_VERSION,
                            Integer.toString(v.keyVersion()),
                            HeaderNames.GATEWAY_VERIFIED,
                            VERIFIED_SIGNATURE,
                            RequestIds.HEADER,
                            call.requestId()),
                    v.body(),
                    call.profile(),
                    call.api(),
                    ResultStatuses.of(v.body()),
                    null,
                    v.keyVersion(),
                    call.upstreamNanos());
        }
        if (result instanceof CallResult.Unverified u) {
            return new GatewayResponse(
                    200,
                    Map.of(HeaderNames.GATEWAY_VERIFIED, VERIFIED_NONE, RequestIds.HEADER, call.requestId()),
                    u.body(),
                    call.profile(),
                    call.api(),
                    ResultStatuses.of(u.body()),
                    null,
                    -1,
                    call.upstreamNanos());
        }
        return new GatewayResponse( // CallResult.Acknowledged
                200,
                Map.of(RequestIds.HEADER, call.requestId()),
                AlipayResult.NOTIFICATION_ACK.toJsonBytes(),
                call.profile(),
                call.api(),
                "S",
                null,
                result.keyVersion(),
                call.upstreamNanos());
    }

    /** The error answer for any failure (a throwable that is no {@link GatewayException} is a bug: INTERNAL). */
    public static GatewayResponse of(CallContext call, Throwable failure) {
        ErrorCode code = ErrorBodies.codeOf(failure);
        UnverifiedAlipayResult unverified =
                code == ErrorCode.RESPONSE_SIGNATURE_INVALID ? call.unverifiedResult() : null;
        Map<String, String> headers = failure instanceof LimitExceededException limit
                ? Map.of(
                        HeaderNames.GATEWAY_ERROR,
                        code.resultCode(),
                        RequestIds.HEADER,
                        call.requestId(),
                        RETRY_AFTER,
                        Long.toString(limit.retryAfterSeconds()))
                : Map.of(HeaderNames.GATEWAY_ERROR, code.resultCode(), RequestIds.HEADER, call.requestId());
        return new GatewayResponse(
                code.httpStatus(),
                headers,
                ErrorBodies.render(failure, unverified),
                call.profile(),
                call.api(),
                ErrorBodies.statusOf(failure).name(),
                code,
                -1,
                call.upstreamNanos());
    }
}
