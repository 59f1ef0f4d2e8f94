package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.error.ResultStatus;
import io.amsgateway.core.protocol.HeaderNames;
import io.amsgateway.core.protocol.RequestTargets;
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
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The edge: for each aggregated request it opens a {@link CallContext}, copies the request into a
 * refcount-free {@link GatewayRequest} (the message itself is released by {@link
 * SimpleChannelInboundHandler}), chooses the handler by path ({@link Routes}), and hands the
 * outcome to the one exit ({@link io.amsgateway.server.call.CallExit} through the {@link
 * AnswerWriter}). One per connection.
 *
 * <p>One call at a time per connection, answered in the order the requests arrived: reading
 * pauses while a call is in flight, and the {@code FlowControlHandler} in front of this handler
 * holds requests that were decoded from bytes already read (pipelined in one TCP read) until the
 * call before them is answered. A request that cannot be decoded, an {@link EdgeRefusal} (late,
 * oversized, over a global limit) and a request while the gateway drains ({@code
 * GATEWAY_SHUTTING_DOWN}) are answered through the same exit, in their turn, and the connection is
 * then closed; nothing it sends afterwards is read as a request. A request-target that is not
 * plain ({@link RequestTargets#problem}) and a request with two {@code Client-Id} headers are
 * refused with 400 {@code GATEWAY_INVALID_REQUEST} before any service sees them.
 */
final class ProxyHandler extends SimpleChannelInboundHandler<Object> {
    private final Routes routes;
    private final GatewayState state;
    private final AnswerWriter writer;
    private final @Nullable RequestArrival arrival;
    private final boolean overCapacity;
    private @Nullable CallContext current;
    private boolean closing;

    ProxyHandler(Routes routes, GatewayState state, AnswerWriter writer) {
        this(routes, state, writer, null, false);
    }

    /**
     * @param arrival the connection's {@link RequestArrival}, told of each answer, or null
     * @param overCapacity whether the connection is over {@code gateway.limits.max-connections}: it
     *     is answered 503 {@code GATEWAY_OVERLOADED} at once and closed
     */
    ProxyHandler(
            Routes routes,
            GatewayState state,
            AnswerWriter writer,
            @Nullable RequestArrival arrival,
            boolean overCapacity) {
        this.routes = routes;
        this.state = state;
        this.writer = writer;
        this.arrival = arrival;
        this.overCapacity = overCapacity;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (overCapacity) {
            refuse(
                    ctx,
                    new GatewayException(
                            ErrorCode.OVERLOADED,
                            "the gateway has too many open connections (gateway.limits.max-connections);"
                                    + " nothing was sent, retry later"));
        }
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return; // answered and closing: nothing after the refusal is a request
        }
        if (msg instanceof EdgeRefusal r) {
            CallContext call = r.call();
            refuse(ctx, call != null ? call : new CallContext(ctx.executor()), r.refusal());
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            return; // nothing else reaches this handler; released by SimpleChannelInboundHandler
        }
        CallContext call = CallContexts.open(ctx, request);
        if (!request.decoderResult().isSuccess()) {
            refuse(ctx, call, new GatewayException(ErrorCode.INVALID_REQUEST, "the HTTP request could not be decoded"));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        List<String> clientIds = request.headers().getAll(HeaderNames.CLIENT_ID);
        GatewayRequest req = new GatewayRequest(
                request.method().name(),
                request.uri(),
                clientIds.isEmpty() ? null : clientIds.get(0),
                request.headers().get(HeaderNames.AGENT_TOKEN),
                request.headers().get(HeaderNames.REQUEST_TIME),
                request.headers().get(HeaderNames.SIGNATURE),
                ByteBufUtil.getBytes(request.content()),
                request.headers().get(HeaderNames.CONTENT_TYPE),
                request.headers().get(HeaderNames.USER_AGENT));
        if (!state.callStarted(call, () -> abandon(ctx, call))) {
            refuse(
                    ctx,
                    call,
                    new GatewayException(ErrorCode.SHUTTING_DOWN, "the gateway is shutting down; nothing was sent"));
            return;
        }
        current = call;
        ctx.channel().config().setAutoRead(false);
        CallHandler handler = handlerFor(req, clientIds.size());
        try (CallContext.Scope s = call.scope()) { // the call's ids in the log lines of its work
            CallHandler.invoke(handler, call, req).whenComplete((r, e) -> {
                if (ctx.executor().inEventLoop()) {
                    complete(ctx, call, r, e, keepAlive);
                } else {
                    ctx.executor().execute(() -> complete(ctx, call, r, e, keepAlive));
                }
            });
        }
    }

    /** The handler for a request: a refusal for what the edge does not pass on, else the route's. */
    private CallHandler handlerFor(GatewayRequest req, int clientIdHeaders) {
        String problem = RequestTargets.problem(req.uri());
        if (problem != null) {
            return refusing(problem + "; nothing was signed or sent");
        }
        if (clientIdHeaders > 1) {
            return refusing("the request has " + clientIdHeaders + " Client-Id headers; send one");
        }
        return routes.choose(req.uri());
    }

    private static CallHandler refusing(String message) {
        return (call, req) -> CompletableFuture.failedFuture(new GatewayException(ErrorCode.INVALID_REQUEST, message));
    }

    private void complete(
            ChannelHandlerContext ctx,
            CallContext call,
            @Nullable CallResult result,
            @Nullable Throwable failure,
            boolean keepAlive) {
        if (current != call) {
            return; // abandoned at the end of a drain: already answered
        }
        current = null;
        state.callEnded(call);
        answered();
        writer.finish(ctx, call, result, failure, keepAlive && !state.draining());
        if (keepAlive && !state.draining()) {
            ctx.channel().config().setAutoRead(true); // reads on: the next request held in front, if any
        } else {
            closing = true;
        }
    }

    /**
     * The drain timeout ended with this call in flight: answers it now with {@code
     * GATEWAY_SHUTTING_DOWN}, {@code U} if its request was handed to the upstream, else {@code F},
     * and closes the connection once the answer is written. Any thread; runs on the connection's.
     *
     * @return completes when the connection is closed
     */
    private Future<Void> abandon(ChannelHandlerContext ctx, CallContext call) {
        ctx.executor().execute(() -> {
            if (current != call) {
                return;
            }
            current = null;
            closing = true;
            state.callEnded(call);
            answered();
            boolean sent = call.upstreamStarted();
            writer.finish(
                    ctx,
                    call,
                    null,
                    new GatewayException(
                            ErrorCode.SHUTTING_DOWN,
                            sent ? ResultStatus.U : ResultStatus.F,
                            sent
                                    ? "the gateway shut down before Alipay answered; the request may have been"
                                            + " executed: inquire before retrying"
                                    : "the gateway shut down before the request was sent; nothing was sent"),
                    false);
        });
        return ctx.channel().closeFuture();
    }

    private void refuse(ChannelHandlerContext ctx, GatewayException refusal) {
        refuse(ctx, new CallContext(ctx.executor()), refusal);
    }

    private void refuse(ChannelHandlerContext ctx, CallContext call, GatewayException refusal) {
        closing = true;
        answered();
        writer.refuse(ctx, call, refusal);
    }

    private void answered() {
        if (arrival != null) {
            arrival.answered();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (current == null) {
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
