package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.HeaderNames;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.GatewayRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import org.jspecify.annotations.Nullable;

/**
 * The edge: for each aggregated request it opens a {@link CallContext}, copies the request into a
 * refcount-free {@link GatewayRequest} (the message itself is released by {@link
 * SimpleChannelInboundHandler}), chooses the handler by path ({@link Routes}), and hands the
 * outcome to the one exit ({@link io.amsgateway.server.call.CallExit} through the {@link
 * AnswerWriter}). One per connection.
 *
 * <p>One call at a time per connection: reading pauses while a call is in flight, so pipelined
 * requests are answered in order. A request that cannot be decoded, or that arrives while the
 * gateway drains ({@code GATEWAY_SHUTTING_DOWN}), is refused through the same exit and the
 * connection is closed.
 */
final class ProxyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Routes routes;
    private final GatewayState state;
    private final AnswerWriter writer;
    private boolean busy;

    ProxyHandler(Routes routes, GatewayState state, AnswerWriter writer) {
        this.routes = routes;
        this.state = state;
        this.writer = writer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        CallContext call = CallContexts.open(ctx, msg);
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (!msg.decoderResult().isSuccess()) {
            writer.refuse(
                    ctx,
                    call,
                    new GatewayException(ErrorCode.INVALID_REQUEST, "the HTTP request could not be decoded"));
            return;
        }
        GatewayRequest req = new GatewayRequest(
                msg.method().name(),
                msg.uri(),
                msg.headers().get(HeaderNames.CLIENT_ID),
                msg.headers().get(HeaderNames.AGENT_TOKEN),
                msg.headers().get(HeaderNames.REQUEST_TIME),
                msg.headers().get(HeaderNames.SIGNATURE),
                ByteBufUtil.getBytes(msg.content()),
                msg.headers().get(HeaderNames.CONTENT_TYPE),
                msg.headers().get(HeaderNames.USER_AGENT));
        if (!state.callStarted()) {
            writer.refuse(
                    ctx,
                    call,
                    new GatewayException(ErrorCode.SHUTTING_DOWN, "the gateway is shutting down; nothing was sent"));
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try (CallContext.Scope s = call.scope()) { // the call's ids in the log lines of its work
            CallHandler.invoke(routes.choose(req.uri()), call, req).whenComplete((r, e) -> {
                if (ctx.executor().inEventLoop()) {
                    complete(ctx, call, r, e, keepAlive);
                } else {
                    ctx.executor().execute(() -> complete(ctx, call, r, e, keepAlive));
                }
            });
        }
    }

    private void complete(
            ChannelHandlerContext ctx,
            CallContext call,
            @Nullable CallResult result,
            @Nullable Throwable failure,
            boolean keepAlive) {
        busy = false;
        state.callEnded();
        writer.finish(ctx, call, result, failure, keepAlive && !state.draining());
        ctx.channel().config().setAutoRead(true);
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
