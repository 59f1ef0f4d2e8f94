package io.amsgateway.server.call;

import org.jspecify.annotations.Nullable;

/**
 * A caller's request, copied out of Netty's buffers by the decoder: refcount-free.
 *
 * @param method the HTTP method
 * @param uri the request-target as received
 * @param clientId the caller's {@code Client-Id} header, naming a profile, or null
 * @param agentToken the caller's {@code Agent-Token} header (ISV calls), forwarded unsigned, or null
 * @param requestTime the {@code Request-Time} header (read on notifications only), or null
 * @param signature the {@code Signature} header (read on notifications only), or null
 * @param body the exact body bytes
 * @param contentType the {@code Content-Type} header as received, or null (kept on forwarded notifications)
 * @param userAgent the {@code User-Agent} header as received, or null (kept on forwarded notifications)
 */
public record GatewayRequest(
        String method,
        String uri,
        @Nullable String clientId,
        @Nullable String agentToken,
        @Nullable String requestTime,
        @Nullable String signature,
        byte[] body,
        @Nullable String contentType,
        @Nullable String userAgent) {

    /** Without the content type and user agent (the AMS call path does not read them). */
    public GatewayRequest(
            String method,
            String uri,
            @Nullable String clientId,
            @Nullable String agentToken,
            @Nullable String requestTime,
            @Nullable String signature,
            byte[] body) {
        this(method, uri, clientId, agentToken, requestTime, signature, body, null, null);
    }
}
