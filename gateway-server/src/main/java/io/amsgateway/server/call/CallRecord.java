package io.amsgateway.server.call;

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
 */
public record CallRecord(
        String requestId,
        GatewayResponse response,
        long totalNanos,
        long signNanos,
        long verifyNanos,
        CallContext.@Nullable VerificationFailure verificationFailure) {

    /** The record of {@code call}, answered with {@code response} now. */
    public static CallRecord of(CallContext call, GatewayResponse response) {
        return new CallRecord(
                call.requestId(),
                response,
                System.nanoTime() - call.startNanos(),
                call.signNanos(),
                call.verifyNanos(),
                call.verificationFailure());
    }
}
