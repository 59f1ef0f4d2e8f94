package io.amsgateway.server.caller;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API path that caller rules name: a request target below the AMS prefix and its version.
 *
 * <p>{@code /ams/api/v1/payments/inquiryPayment} and {@code /ams/sandbox/api/v1/payments/inquiryPayment}
 * are both {@code payments/inquiryPayment}; so is {@code /ams/api/v2/payments/inquiryPayment}
 * (the version segment {@code v<digits>} is dropped, whatever it is); a query string is ignored.
 * Rules therefore apply to production and sandbox alike and to every version.
 *
 * <p>Only the plain form has an API path: each segment letters, digits, {@code _} or {@code -}.
 * A target with dot-segments, empty segments, percent-encoding, backslashes, {@code ;} parameters or
 * a fragment has none, so no rule can allow it.
 */
public final class ApiPath {
    private static final Pattern TARGET = Pattern.compile(
            "/ams/(?:sandbox/)?api/(?:v[0-9]{1,4}/)?([A-Za-z0-9_-]{1,128}(?:/[A-Za-z0-9_-]{1,128}){0,7})");

    private ApiPath() {}

    /** The API path of a request target, or empty when it is not a plain AMS API target. */
    public static Optional<String> of(String requestTarget) {
        int query = requestTarget.indexOf('?');
        String path = query >= 0 ? requestTarget.substring(0, query) : requestTarget;
        var m = TARGET.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
