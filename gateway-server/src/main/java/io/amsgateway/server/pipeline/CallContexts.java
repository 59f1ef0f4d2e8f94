package io.amsgateway.server.pipeline;

import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.RequestIds;
import io.amsgateway.server.call.TraceParent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;

/**
 * Opens the {@link CallContext} of a request with the caller's correlation headers ({@code
 * X-Request-Id}, {@code traceparent}), read here and nowhere else: they are never copied into the
 * {@link io.amsgateway.server.call.GatewayRequest}, so nothing can forward them to Alipay.
 */
final class CallContexts {
    private CallContexts() {}

    /** The context of a call that starts now on {@code ctx}'s connection. */
    static CallContext open(ChannelHandlerContext ctx, HttpMessage request) {
        HttpHeaders h = request.headers();
        return new CallContext(ctx.executor(), h.get(RequestIds.HEADER), h.get(TraceParent.HEADER));
    }
}
