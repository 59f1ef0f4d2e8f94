package io.amsgateway.server.caller;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One decision about one call, for {@link AuditLog#write}: allowed (and then what came of it),
 * refused by the policy, or refused by a limit. The recorder fills it once the answer is known.
 *
 * <p>It has no field for a body, a header, a key or a signature: only the request ids below are
 * taken from the body ({@link RequestIds}).
 *
 * @param time when the call arrived
 * @param requestId the gateway's id for the call (as in the access log and the answer's headers)
 * @param caller who called
 * @param profile the client profile's name, or null before routing
 * @param clientId the profile's Client-Id, or null
 * @param keyVersion the merchant key version that signed, or -1 if nothing was signed
 * @param api the {@link ApiPath} (or the access log's API label), never a query string
 * @param ids {@code paymentRequestId} / {@code refundRequestId} from the body, if any
 * @param decision {@code allowed}, {@code forbidden}, {@code unauthenticated}, {@code
 *     would-be-forbidden}, {@code would-be-unauthenticated}, {@code rate-limited} or {@code
 *     concurrency-limited}
 * @param reason why (the policy's reason or the limit's message), or null
 * @param httpStatus the status the caller got
 * @param resultCode {@code result.resultCode} the caller got ({@code GATEWAY_...} or Alipay's), or null
 * @param resultStatus {@code S}, {@code F} or {@code U}, or null
 * @param totalNanos the whole call
 * @param upstreamNanos the round trip to Alipay, or -1 if nothing was sent
 * @param verified how Alipay's answer was authenticated: {@code signature}, {@code none} (an
 *     API-key call; Alipay does not sign those answers), or null when the caller got no answer of
 *     Alipay's
 */
public record AuditRecord(
        Instant time,
        String requestId,
        Caller caller,
        @Nullable String profile,
        @Nullable String clientId,
        int keyVersion,
        String api,
        RequestIds ids,
        String decision,
        @Nullable String reason,
        int httpStatus,
        @Nullable String resultCode,
        @Nullable String resultStatus,
        long totalNanos,
        long upstreamNanos,
        @Nullable String verified) {}
