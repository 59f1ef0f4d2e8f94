package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallExit;
import io.amsgateway.server.call.CallResult;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Writes what the {@link CallExit} rendered and recorded: the Netty side of the one exit, used by
 * {@link ProxyHandler} for calls and for every refusal, including those made in front of it and
 * passed down as an {@link EdgeRefusal} (late, oversized, over a global limit). Stateless; shared
 * by every connection; runs on the connection's loop.
 */
final class AnswerWriter {
    /** How long a refused caller may keep sending before the connection is closed anyway. */
    static final long LINGER_MILLIS = 2_000;

    private final CallExit exit;

    AnswerWriter(CallExit exit) {
        this.exit = exit;
    }

    /** Answers with a service's outcome: its result, or its failure when {@code result} is null. */
    void finish(
            ChannelHandlerContext ctx,
            CallContext call,
            @Nullable CallResult result,
            @Nullable Throwable failure,
            boolean keepAlive) {
        var write = ctx.writeAndFlush(HttpResponses.toHttp(exit.finish(call, result, failure), keepAlive));
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Refuses a request the edge will not pass on, then closes the connection without losing the
     * answer: the caller may still be sending a body nobody reads (an oversized one), and closing a
     * socket with unread input resets it, which can destroy the answer before the caller reads it.
     * So the gateway stops writing, discards what still arrives, and closes when the caller does
     * or after {@link #LINGER_MILLIS}.
     */
    void refuse(ChannelHandlerContext ctx, CallContext call, GatewayException refusal) {
        ctx.writeAndFlush(HttpResponses.toHttp(exit.refuse(call, refusal), false))
                .addListener(w -> linger(ctx));
    }

    private static void linger(ChannelHandlerContext ctx) {
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive()) {
            ctx.close();
            return;
        }
        ScheduledFuture<?> deadline = ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        duplex.closeFuture().addListener(c -> deadline.cancel(false));
        duplex.shutdownOutput().addListener(done -> {
            if (!done.isSuccess()) {
                ctx.close();
            }
        });
    }
}
