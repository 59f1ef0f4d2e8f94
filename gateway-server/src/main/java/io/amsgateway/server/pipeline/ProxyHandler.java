package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.proxy.GatewayRequest;
import io.amsgateway.server.proxy.GatewayResponse;
import io.amsgateway.server.proxy.ProxyService;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.Consumer;

/**
 * Decodes each aggregated request into a refcount-free {@link GatewayRequest} (the message itself
 * is released by {@link SimpleChannelInboundHandler}), hands it to {@link ProxyService}, and
 * writes the answer. One per connection.
 *
 * <p>One call at a time per connection: reading pauses while a call is in flight, so pipelined
 * requests are answered in order. A request that arrives while the gateway drains is refused with
 * {@code GATEWAY_SHUTTING_DOWN} and the connection is closed.
 */
final class ProxyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ProxyService service;
    private final GatewayState state;
    private final Consumer<CallRecord> observer;
    private boolean busy;

    ProxyHandler(ProxyService service, GatewayState state, Consumer<CallRecord> observer) {
        this.service = service;
        this.state = state;
        this.observer = observer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        long start = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (!msg.decoderResult().isSuccess()) {
            finish(
                    ctx,
                    GatewayResponse.error(ErrorCode.INVALID_REQUEST, "the HTTP request could not be decoded"),
                    false,
                    start);
            return;
        }
        GatewayRequest req = new GatewayRequest(
                msg.method().name(),
                msg.uri(),
                msg.headers().get("Client-Id"),
                msg.headers().get("Agent-Token"),
                msg.headers().get("Request-Time"),
                msg.headers().get("Signature"),
                ByteBufUtil.getBytes(msg.content()));
        if (!state.callStarted()) {
            finish(
                    ctx,
                    GatewayResponse.error(ErrorCode.SHUTTING_DOWN, "the gateway is shutting down; nothing was sent"),
                    false,
                    start);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        service.handle(req, ctx.channel().eventLoop()).whenComplete((r, e) -> {
            GatewayResponse answer = r != null ? r : GatewayResponse.error(e, "-", "-", 0);
            if (ctx.executor().inEventLoop()) {
                complete(ctx, answer, keepAlive, start);
            } else {
                ctx.executor().execute(() -> complete(ctx, answer, keepAlive, start));
            }
        });
    }

    private void complete(ChannelHandlerContext ctx, GatewayResponse answer, boolean keepAlive, long start) {
        busy = false;
        state.callEnded();
        finish(ctx, answer, keepAlive && !state.draining(), start);
        ctx.channel().config().setAutoRead(true);
    }

    private void finish(ChannelHandlerContext ctx, GatewayResponse answer, boolean keepAlive, long start) {
        observer.accept(new CallRecord(answer, System.nanoTime() - start));
        var write = ctx.writeAndFlush(HttpResponses.toHttp(answer, keepAlive));
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (!busy) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Socket errors from the caller's side: nothing to answer on a broken connection.
        ctx.close();
    }
}
