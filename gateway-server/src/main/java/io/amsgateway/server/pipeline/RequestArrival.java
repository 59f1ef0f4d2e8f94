package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.config.RequestReadTimeout;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How one connection's requests arrive: a clock per request, the body bytes it holds against the
 * global {@link EdgeBudget}, and how many requests are waiting for their answer. One per
 * connection; two handlers in its pipeline share it, {@link #first()} before the HTTP codec (it
 * sees a request's first byte) and {@link #watch()} after it (it sees the request's parts). Runs on
 * the connection's loop only.
 *
 * <ul>
 *   <li><b>Request read timeout</b>: from a request's first byte its headers must arrive within
 *       {@code headers} and the whole request within {@code whole}. Bytes arriving do not reset the
 *       clock, and the idle timeout does not apply while a request arrives. While the gateway
 *       itself is not reading (a call on this connection is being answered) the clock does not run
 *       out: it starts over once reading resumes. On expiry: 408 {@code GATEWAY_REQUEST_TIMEOUT}.
 *   <li><b>Body bytes</b>: each body chunk is reserved in the {@link EdgeBudget} until its request
 *       has arrived whole (or the connection closes); a chunk that does not fit: 503 {@code
 *       GATEWAY_OVERLOADED}.
 *   <li><b>Pipelining</b>: at most {@value #MAX_PIPELINED} requests may wait for their answers; one
 *       more: 400 {@code GATEWAY_INVALID_REQUEST}.
 * </ul>
 *
 * Each refusal is an {@link EdgeRefusal} passed down in place of the request, so it is answered
 * after the requests before it; everything the connection sends after it is dropped.
 */
final class RequestArrival {
    /** Most requests on one connection decoded and not yet answered. */
    static final int MAX_PIPELINED = 16;

    private final RequestReadTimeout timeout;
    private final EdgeBudget budget;
    private boolean arriving;
    private boolean stopped;
    private long reserved;
    private int pending;
    private @Nullable ScheduledFuture<?> headersTimer;
    private @Nullable ScheduledFuture<?> wholeTimer;
    private @Nullable ChannelHandlerContext watchCtx;

    RequestArrival(RequestReadTimeout timeout, EdgeBudget budget) {
        this.timeout = timeout;
        this.budget = budget;
    }

    /** The handler in front of the codec: starts the clock at a request's first byte. */
    ChannelHandler first() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!arriving && !stopped && msg instanceof ByteBuf b && b.isReadable()) {
                    start(ctx);
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** The handler behind the codec: stops the clock, reserves body bytes, counts requests. */
    ChannelHandler watch() {
        return new Watch();
    }

    /** A request's answer was written (or it was refused): one less waiting. */
    void answered() {
        if (pending > 0) {
            pending--;
        }
    }

    /** Requests decoded and not yet answered. */
    int pending() {
        return pending;
    }

    private final class Watch extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            watchCtx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (stopped) {
                ReferenceCountUtil.release(msg); // ownership: consumed here, nobody after us wants it
                return;
            }
            if (msg instanceof HttpRequest request) {
                cancel(headersTimer);
                headersTimer = null;
                if (++pending > MAX_PIPELINED) {
                    ReferenceCountUtil.release(msg); // ownership: consumed here, replaced by the refusal
                    refuse(
                            ErrorCode.INVALID_REQUEST,
                            "more than " + MAX_PIPELINED
                                    + " requests pipelined on one connection; wait for answers before sending more");
                    return;
                }
                if (!request.decoderResult().isSuccess()) {
                    arrived();
                    stopped = true; // the codec decodes nothing after a failure; the refusal closes
                }
            }
            if (msg instanceof HttpContent content) {
                int n = content.content().readableBytes();
                if (n > 0 && !(msg instanceof HttpRequest)) {
                    if (!budget.reserve(n)) {
                        ReferenceCountUtil.release(msg); // ownership: consumed here, replaced by the refusal
                        refuse(
                                ErrorCode.OVERLOADED,
                                "the gateway holds too many request bodies still arriving"
                                        + " (gateway.limits.max-buffered-body-bytes); nothing was sent, retry later");
                        return;
                    }
                    reserved += n;
                }
                if (msg instanceof LastHttpContent) {
                    arrived();
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent && arriving) {
                return; // a request is arriving: its own clock applies, not the idle timeout
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            stopped = true;
            arrived();
        }
    }

    private void start(ChannelHandlerContext ctx) {
        arriving = true;
        headersTimer = schedule(ctx, true, timeout.headers());
        wholeTimer = schedule(ctx, false, timeout.whole());
    }

    private ScheduledFuture<?> schedule(ChannelHandlerContext ctx, boolean headers, Duration after) {
        return ctx.executor().schedule(() -> expired(ctx, headers), after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expired(ChannelHandlerContext ctx, boolean headers) {
        if (!arriving || stopped) {
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // The gateway is not reading (a call on this connection is being answered): not the caller's fault.
            if (headers) {
                headersTimer = schedule(ctx, true, timeout.headers());
            } else {
                wholeTimer = schedule(ctx, false, timeout.whole());
            }
            return;
        }
        refuse(
                ErrorCode.REQUEST_TIMEOUT,
                headers
                        ? "the request's headers did not arrive within " + text(timeout.headers())
                                + " of its first byte (gateway.listener.request-read-timeout.headers); nothing was sent"
                        : "the request did not arrive whole within " + text(timeout.whole())
                                + " of its first byte (gateway.listener.request-read-timeout.whole); nothing was sent");
    }

    private void refuse(ErrorCode code, String message) {
        stopped = true;
        arrived();
        ChannelHandlerContext ctx = watchCtx;
        if (ctx != null && !ctx.isRemoved()) {
            ctx.fireChannelRead(new EdgeRefusal(new GatewayException(code, message)));
        }
    }

    /** The current request arrived (or never will): its clock stops and its body bytes are released. */
    private void arrived() {
        arriving = false;
        cancel(headersTimer);
        cancel(wholeTimer);
        headersTimer = null;
        wholeTimer = null;
        budget.release(reserved);
        reserved = 0;
    }

    private static void cancel(@Nullable ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
