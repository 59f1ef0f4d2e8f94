package io.amsgateway.server.pipeline;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.call.Answers;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.GatewayResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one exit every answer leaves through, exactly once per call: rendered by {@link Answers},
 * recorded by the recorder (access log, metrics, call observer), then written. Used by {@link
 * ProxyHandler} for calls and the refusals it makes itself, and by {@link BodyLimitAggregator}
 * for oversized bodies. Stateless; shared by every connection; runs on the connection's loop.
 */
final class CallExit {
    private final Consumer<CallRecord> recorder;

    CallExit(Consumer<CallRecord> recorder) {
        this.recorder = recorder;
    }

    /** Answers with a service's outcome: its result, or its failure when {@code result} is null. */
    void finish(
            ChannelHandlerContext ctx,
            CallContext call,
            @Nullable CallResult result,
            @Nullable Throwable failure,
            boolean keepAlive) {
        GatewayResponse answer = result != null
                ? Answers.of(call, result)
                : Answers.of(call, Futures.unwrap(failure == null ? new IllegalStateException("no outcome") : failure));
        send(ctx, call, answer, keepAlive);
    }

    /**
     * Refuses a request the edge will not pass on, then closes the connection without losing the
     * answer: the caller may still be sending a body nobody reads (an oversized one), and closing a
     * socket with unread input resets it, which can destroy the answer before the caller reads it.
     * So the gateway stops writing, lets the aggregator discard what still arrives, and closes when
     * the caller does or after {@link #LINGER_MILLIS}.
     */
    void refuse(ChannelHandlerContext ctx, CallContext call, GatewayException refusal) {
        GatewayResponse answer = Answers.of(call, refusal);
        record(call, answer);
        ctx.writeAndFlush(HttpResponses.toHttp(answer, false)).addListener(w -> linger(ctx));
    }

    /** How long a refused caller may keep sending before the connection is closed anyway. */
    static final long LINGER_MILLIS = 2_000;

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

    private void send(ChannelHandlerContext ctx, CallContext call, GatewayResponse answer, boolean keepAlive) {
        record(call, answer);
        var write = ctx.writeAndFlush(HttpResponses.toHttp(answer, keepAlive));
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void record(CallContext call, GatewayResponse answer) {
        recorder.accept(CallRecord.of(call, answer));
    }
}
