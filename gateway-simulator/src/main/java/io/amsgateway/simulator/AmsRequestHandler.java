package io.amsgateway.simulator;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue between Netty and {@link AmsService}: copies the aggregated request out of its buffers
 * (released by {@link SimpleChannelInboundHandler} on return), runs the exchange on the event loop
 * (CPU work only) and hands the answer to {@link ReplyWriter}. Stateless and {@link Sharable}.
 */
@Sharable
final class AmsRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AmsRequestHandler.class);

    private final AmsService service;

    AmsRequestHandler(AmsService service) {
        this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            ReplyWriter.writeStatusAndClose(ctx, 400);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        InboundRequest in = InboundRequest.from(req);
        Reply reply;
        try {
            reply = service.handle(in);
        } catch (RuntimeException e) {
            log.warn("simulator failed to answer {} {}", in.method(), in.target(), e);
            ReplyWriter.writeStatusAndClose(ctx, 500);
            return;
        }
        ReplyWriter.write(ctx, reply, keepAlive);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing AMS connection after {}", cause.toString());
        ctx.close();
    }
}
