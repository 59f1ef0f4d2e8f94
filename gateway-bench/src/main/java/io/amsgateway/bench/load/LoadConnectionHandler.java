package io.amsgateway.bench.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * One closed-loop caller on one keep-alive connection: it sends a request, and when the answer
 * arrives it records the latency (from before the request was built, which in mode {@code direct}
 * includes signing, to after the answer was checked, which includes verifying), then sends the
 * next one. All state is confined to the connection's event loop; nothing here blocks.
 */
final class LoadConnectionHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final LoadRun run;
    private final CallFactory calls;
    private @Nullable ChannelHandlerContext ctx;
    private long startedNanos;
    private boolean outstanding;
    private boolean failed;

    LoadConnectionHandler(LoadRun run, CallFactory calls) {
        this.run = run;
        this.calls = calls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Sends the next request unless the run is stopping; call on the event loop. */
    void sendNext() {
        ChannelHandlerContext c = ctx;
        if (c == null || !run.running() || !c.channel().isActive()) {
            return;
        }
        startedNanos = System.nanoTime();
        FullHttpRequest request;
        try {
            request = calls.request(run.nextSeq());
        } catch (RuntimeException e) {
            run.fail("request-" + e.getClass().getSimpleName());
            c.close();
            return;
        }
        outstanding = true;
        run.callStarted();
        c.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail(c, "write-" + f.cause().getClass().getSimpleName());
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        if (!outstanding) {
            run.fail("unexpected-response");
            return;
        }
        String failure = calls.check(msg);
        long latency = System.nanoTime() - startedNanos;
        outstanding = false;
        run.callEnded();
        if (failure == null) {
            run.record(latency);
        } else {
            run.fail(failure);
        }
        sendNext();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!failed && (outstanding || run.running())) {
            fail(ctx, "connection-closed");
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "transport-" + cause.getClass().getSimpleName());
    }

    /** Counts one failure for this connection (the first only) and closes it. */
    private void fail(ChannelHandlerContext ctx, String category) {
        if (failed) {
            return;
        }
        failed = true;
        if (outstanding) {
            outstanding = false;
            run.callEnded();
        }
        run.fail(category);
        ctx.close();
    }
}
