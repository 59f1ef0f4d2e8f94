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
 * @param authorization the {@code Authorization} header, read by the caller edge to identify a
 *     bearer-token caller and never forwarded, or null
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
        @Nullable String userAgent,
        @Nullable String authorization) {

    /** Without the content type, user agent and Authorization header (the AMS call path reads none of them). */
    public GatewayRequest(
            String method,
            String uri,
            @Nullable String clientId,
            @Nullable String agentToken,
            @Nullable String requestTime,
            @Nullable String signature,
            byte[] body) {
        this(method, uri, clientId, agentToken, requestTime, signature, body, null, null, null);
    }

    /** Without an {@code Authorization} header. */
    public GatewayRequest(
            String method,
            String uri,
            @Nullable String clientId,
            @Nullable String agentToken,
            @Nullable String requestTime,
            @Nullable String signature,
            byte[] body,
            @Nullable String contentType,
            @Nullable String userAgent) {
        this(method, uri, clientId, agentToken, requestTime, signature, body, contentType, userAgent, null);
    }

    @Override
    public String toString() {
        // Never the body or the Authorization header's token.
        return "GatewayRequest[" + method + " " + uri + ", " + body.length + " bytes]";
    }
}
