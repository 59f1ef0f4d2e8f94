package io.amsgateway.server.call;

import io.amsgateway.core.protocol.HeaderNames;
import io.amsgateway.core.protocol.ResultStatuses;
import io.amsgateway.server.caller.AuditRecord;
import io.amsgateway.server.caller.Caller;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One finished call, for the access log, metrics, the audit log and the call observer.
 *
 * @param requestId the call's {@link CallContext#requestId()}
 * @param response what the caller received
 * @param totalNanos from the request's arrival to the answer handed to the socket
 * @param signNanos time spent signing, or -1
 * @param verifyNanos time spent verifying Alipay's answer, or -1
 * @param verificationFailure why a message from Alipay did not verify, or null
 * @param audit the caller edge's record of the decision, or null for a call that never reached
 *     the caller edge (a notification, a request refused by the edge before it was complete)
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
        @Nullable AuditRecord audit,
        @Nullable String verified,
        @Nullable UnverifiedAlipayResult unverifiedResult) {

    /** The decision of a call that the caller edge let in but that failed before the policy decided (a bad path, an unknown Client-Id, a bad body). */
    public static final String INVALID = "invalid";

    /** The record of {@code call}, answered with {@code response} now. */
    public static CallRecord of(CallContext call, GatewayResponse response) {
        long total = System.nanoTime() - call.startNanos();
        return new CallRecord(
                call.requestId(),
                response,
                total,
                call.signNanos(),
                call.verifyNanos(),
                call.verificationFailure(),
                audit(call, response, total),
                response.headers().get(HeaderNames.GATEWAY_VERIFIED),
                response.error() == null ? null : call.unverifiedResult());
    }

    private static @Nullable AuditRecord audit(CallContext call, GatewayResponse response, long total) {
        Caller caller = call.caller();
        if (caller == null) {
            return null;
        }
        String decision = call.decision();
        String resultCode =
                response.error() != null ? response.error().resultCode() : ResultStatuses.codeOf(response.body());
        return new AuditRecord(
                Instant.now().minusNanos(total),
                call.requestId(),
                caller,
                CallContext.NONE.equals(call.profile()) ? null : call.profile(),
                call.clientId(),
                call.signingKeyVersion(),
                call.apiPath() != null ? call.apiPath() : call.api(),
                call.merchantIds(),
                decision == null ? INVALID : decision,
                call.reason(),
                response.status(),
                resultCode,
                response.resultStatus(),
                total,
                response.upstreamNanos() > 0 ? response.upstreamNanos() : -1,
                response.headers().get(HeaderNames.GATEWAY_VERIFIED));
    }
}
