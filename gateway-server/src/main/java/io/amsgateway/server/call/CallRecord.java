package io.amsgateway.server.call;

import io.amsgateway.core.protocol.HeaderNames;
import org.jspecify.annotations.Nullable;

/**
 * One finished call, for the access log, metrics and the call observer.
 *
 * @param requestId the call's {@link CallContext#requestId()}
 * @param response what the caller received
 * @param totalNanos from the request's arrival to the answer handed to the socket
 * @param signNanos time spent signing, or -1
 * @param verifyNanos time spent verifying Alipay's answer, or -1
 * @param verificationFailure why a message from Alipay did not verify, or null
 * @param verified how Alipay's answer was authenticated ({@link Answers#VERIFIED_SIGNATURE} or
 *     {@link Answers#VERIFIED_NONE}, as in the {@code X-Gateway-Verified} header), or null when the
 *     caller got no answer of Alipay's
 * @param unverifiedResult what Alipay said in an unsigned error answer (shown as unverified), or null
 */
public record CallRecord(
        String requestId,
        GatewayResponse response,
        long totalNanos,
        long signNanos,
        long verifyNanos,
        CallContext.@Nullable VerificationFailure verificationFailure,
        @Nullable String verified,
        @Nullable UnverifiedAlipayResult unverifiedResult) {

    /** The record of {@code call}, answered with {@code response} now. */
    public static CallRecord of(CallContext call, GatewayResponse response) {
        return new CallRecord(
                call.requestId(),
                response,
                System.nanoTime() - call.startNanos(),
                call.signNanos(),
                call.verifyNanos(),
                call.verificationFailure(),
                response.headers().get(HeaderNames.GATEWAY_VERIFIED),
                response.error() == null ? null : call.unverifiedResult());
    }
}
