package io.amsgateway.server.upstream;

import io.amsgateway.core.error.ErrorCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of an upstream connection: turns the aggregated response into a refcount-free
 * {@link UpstreamResponse} (the message is released by {@link SimpleChannelInboundHandler}) and
 * completes the exchange waiting on this connection. One per connection; all methods run on its
 * event loop.
 *
 * <p>Any failure once a request was written (timeout, reset, a response too large or malformed)
 * completes the exchange with a {@code U} error and closes the connection, which the pool then
 * drops.
 */
final class UpstreamResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private @Nullable CompletableFuture<UpstreamResponse> pending;
    private @Nullable ScheduledFuture<?> timeout;
    private long startNanos;

    /** Arms this connection for one exchange; called on the event loop just before writing. */
    void expect(ChannelHandlerContext ctx, CompletableFuture<UpstreamResponse> future, long responseTimeoutNanos) {
        pending = future;
        startNanos = System.nanoTime();
        timeout = ctx.executor()
                .schedule(
                        () -> fail(
                                ctx,
                                ErrorCode.UPSTREAM_TIMEOUT,
                                "no complete answer from Alipay within "
                                        + TimeUnit.NANOSECONDS.toMillis(responseTimeoutNanos) + " ms"),
                        responseTimeoutNanos,
                        TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        CompletableFuture<UpstreamResponse> f = pending;
        if (f == null) {
            // An answer nobody asked for: this connection is out of step; never reuse it.
            ctx.close();
            return;
        }
        clear();
        Map<String, String> headers = new HashMap<>();
        msg.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        byte[] body = ByteBufUtil.getBytes(msg.content());
        if (!HttpUtil.isKeepAlive(msg)) {
            ctx.close();
        }
        f.complete(new UpstreamResponse(msg.status().code(), headers, body, System.nanoTime() - startNanos));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, ErrorCode.UPSTREAM_CONNECTION_LOST, "the connection to Alipay closed before the answer was complete");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The cause's text stays out of the caller's answer; the debug log has it.
        org.slf4j.LoggerFactory.getLogger(UpstreamResponseHandler.class).debug("upstream connection failed", cause);
        fail(
                ctx,
                ErrorCode.UPSTREAM_CONNECTION_LOST,
                cause instanceof io.netty.handler.codec.TooLongFrameException
                        ? "Alipay's answer exceeded max-response-size; the request may have been executed"
                        : "the connection to Alipay was reset or failed after the request was sent");
    }

    /** Fails the pending exchange, if any, and closes the connection. */
    void fail(ChannelHandlerContext ctx, ErrorCode code, String message) {
        CompletableFuture<UpstreamResponse> f = pending;
        clear();
        ctx.close();
        if (f != null) {
            f.completeExceptionally(new UpstreamException(code, message));
        }
    }

    private void clear() {
        pending = null;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
