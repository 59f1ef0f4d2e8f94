package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.proxy.GatewayResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * {@link HttpObjectAggregator} whose refusal of an oversized body is an Alipay-shaped {@code
 * GATEWAY_PAYLOAD_TOO_LARGE} (413, {@code F}) instead of an empty 413, after which the connection
 * is closed: the rest of the body is not read, so the connection cannot be reused.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBody;

    BodyLimitAggregator(int maxBody) {
        super(maxBody);
        this.maxBody = maxBody;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        GatewayResponse r = GatewayResponse.error(
                ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds " + maxBody + " bytes; nothing was sent to Alipay");
        // ownership: MessageAggregator releases `oversized` after this method returns.
        ctx.writeAndFlush(HttpResponses.toHttp(r, false)).addListener(ChannelFutureListener.CLOSE);
    }
}
