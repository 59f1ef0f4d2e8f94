package io.amsgateway.simulator;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What the simulator needs from a request, copied out of Netty's buffers so that everything after
 * the handler is free of reference counting (docs/request-path.md, "Buffers").
 *
 * @param method the HTTP method as received
 * @param target the request-target exactly as received (path and query)
 * @param contentType the {@code Content-Type} header, or null
 * @param clientId the {@code Client-Id} header, or null
 * @param requestTime the {@code Request-Time} header, or null
 * @param signature the {@code Signature} header, or null
 * @param encrypt the {@code Encrypt} header, or null
 * @param body the exact body bytes
 * @param authorization the {@code Authorization} header, or null
 * @param agentToken the {@code Agent-Token} header, or null
 * @param headerNames every header name received, in lower case (for tests: what reached "Alipay")
 */
record InboundRequest(
        String method,
        String target,
        @Nullable String contentType,
        @Nullable String clientId,
        @Nullable String requestTime,
        @Nullable String signature,
        @Nullable String encrypt,
        byte[] body,
        @Nullable String authorization,
        @Nullable String agentToken,
        Set<String> headerNames) {

    /** Copies a request; the caller still owns (and releases) {@code req}. */
    static InboundRequest from(FullHttpRequest req) {
        HttpHeaders h = req.headers();
        return new InboundRequest(
                req.method().name(),
                req.uri(),
                h.get(HttpHeaderNames.CONTENT_TYPE),
                h.get("client-id"),
                h.get("request-time"),
                h.get("signature"),
                h.get("encrypt"),
                ByteBufUtil.getBytes(req.content()),
                h.get(HttpHeaderNames.AUTHORIZATION),
                h.get("agent-token"),
                h.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()));
    }
}
