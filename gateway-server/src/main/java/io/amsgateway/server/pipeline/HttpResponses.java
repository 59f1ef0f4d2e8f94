package io.amsgateway.server.pipeline;

import io.amsgateway.core.protocol.HeaderNames;
import io.amsgateway.server.call.GatewayResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Turns a rendered {@link GatewayResponse} into the HTTP response written to the caller (for {@link CallExit}). */
final class HttpResponses {
    private HttpResponses() {}

    /** ownership: the returned message (and its wrapped body) is released by the codec on write. */
    static FullHttpResponse toHttp(GatewayResponse r, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        r.headers().forEach(http.headers()::set);
        http.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HeaderNames.JSON_UTF8)
                .set(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (!keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return http;
    }
}
