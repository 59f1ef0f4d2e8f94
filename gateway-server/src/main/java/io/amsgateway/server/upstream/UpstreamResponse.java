package io.amsgateway.server.upstream;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Alipay's answer as received, before verification: refcount-free, so nothing after the upstream
 * handler deals with buffers.
 *
 * @param status the HTTP status code
 * @param headers header values by lower-cased name (the first value of each)
 * @param body the exact body bytes
 * @param upstreamNanos from the request's first byte written to the response's last byte read
 */
public record UpstreamResponse(int status, Map<String, String> headers, byte[] body, long upstreamNanos) {
    public UpstreamResponse {
        headers = Map.copyOf(headers);
    }

    /** A header value by case-insensitive name, or null. */
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
