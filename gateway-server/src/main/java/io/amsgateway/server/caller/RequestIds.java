package io.amsgateway.server.caller;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The merchant's ids of a call, read from the request body's top level for the audit log: {@code
 * paymentRequestId} and {@code refundRequestId}. Nothing else of the body is kept; the parser
 * skips every other value without building it (Jackson streaming).
 *
 * <p>An id that is not a plain string of at most 64 printable ASCII characters (AMS allows 64) is
 * left out, so a body cannot smuggle other data into the audit log through these fields.
 *
 * @param paymentRequestId the body's {@code paymentRequestId}, or null
 * @param refundRequestId the body's {@code refundRequestId}, or null
 */
public record RequestIds(@Nullable String paymentRequestId, @Nullable String refundRequestId) {
    /** No ids. */
    public static final RequestIds NONE = new RequestIds(null, null);

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,64}");

    /** The ids in a JSON body; {@link #NONE} for a body that is not a JSON object. Never throws. */
    public static RequestIds of(byte[] body) {
        String payment = null;
        String refund = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && "paymentRequestId".equals(name) && payment == null) {
                    payment = plain(p.getText());
                } else if (value == JsonToken.VALUE_STRING && "refundRequestId".equals(name) && refund == null) {
                    refund = plain(p.getText());
                } else {
                    p.skipChildren();
                }
                if (payment != null && refund != null) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Keep what was read before the error: the body's validity is not the audit log's concern.
        }
        return payment == null && refund == null ? NONE : new RequestIds(payment, refund);
    }

    /**
     * The ids as read from a body by someone else's parse (the proxy's body check reads them in its
     * own pass); each kept only if it is plain, as {@link #of(byte[])} keeps them.
     */
    public static RequestIds of(@Nullable String paymentRequestId, @Nullable String refundRequestId) {
        String payment = paymentRequestId == null ? null : plain(paymentRequestId);
        String refund = refundRequestId == null ? null : plain(refundRequestId);
        return payment == null && refund == null ? NONE : new RequestIds(payment, refund);
    }

    private static @Nullable String plain(String s) {
        return ID.matcher(s).matches() ? s : null;
    }
}
