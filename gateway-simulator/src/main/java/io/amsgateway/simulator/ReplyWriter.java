package io.amsgateway.simulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link Reply}, applying its transport fault: a delay (scheduled on the channel's event
 * loop, never a sleep), a TCP reset, or a body sent slowly in pieces. Buffers are created at the
 * point of write and released by Netty after it (docs/request-path.md, "Buffers"); nothing is
 * allocated for a channel that is already closed.
 */
final class ReplyWriter {
    private static final int SLOW_PIECES = 10;

    private ReplyWriter() {}

    static void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        Fault fault = reply.transportFault();
        if (fault == null) {
            writeNow(ctx, reply, keepAlive);
            return;
        }
        switch (fault.mode()) {
            case DELAY -> ctx.executor()
                    .schedule(() -> writeNow(ctx, reply, keepAlive), fault.millis(), TimeUnit.MILLISECONDS);
            case RESET -> reset(ctx.channel());
            case SLOW_BODY -> writeSlowly(ctx, reply, keepAlive, fault.millis());
            default -> writeNow(ctx, reply, keepAlive);
        }
    }

    /** An answer without body, then close (malformed requests, internal errors). */
    static void writeStatusAndClose(ChannelHandlerContext ctx, int status) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    private static void writeNow(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
        setHeaders(res.headers(), reply, keepAlive);
        var future = ctx.writeAndFlush(res);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void setHeaders(HttpHeaders h, Reply reply, boolean keepAlive) {
        reply.headers().forEach(h::set);
        h.set(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** A TCP RST: linger 0, then close below the pipeline so that TLS sends no close_notify first. */
    private static void reset(Channel ch) {
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.unsafe().close(ch.unsafe().voidPromise());
    }

    private static void writeSlowly(ChannelHandlerContext ctx, Reply reply, boolean keepAlive, long totalMillis) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()));
        setHeaders(head.headers(), reply, keepAlive);
        ctx.writeAndFlush(head);
        int pieces = Math.max(1, Math.min(SLOW_PIECES, reply.body().length));
        long interval = totalMillis / pieces;
        writePiece(ctx, reply.body(), 0, pieces, interval, keepAlive);
    }

    private static void writePiece(
            ChannelHandlerContext ctx, byte[] body, int index, int pieces, long interval, boolean keepAlive) {
        ctx.executor()
                .schedule(
                        () -> {
                            if (!ctx.channel().isActive()) {
                                return;
                            }
                            int from = body.length * index / pieces;
                            int to = body.length * (index + 1) / pieces;
                            var buf = Unpooled.wrappedBuffer(body, from, to - from);
                            if (index + 1 < pieces) {
                                ctx.writeAndFlush(new DefaultHttpContent(buf));
                                writePiece(ctx, body, index + 1, pieces, interval, keepAlive);
                            } else {
                                var future = ctx.writeAndFlush(new DefaultLastHttpContent(buf));
                                if (!keepAlive) {
                                    future.addListener(ChannelFutureListener.CLOSE);
                                }
                            }
                        },
                        interval,
                        TimeUnit.MILLISECONDS);
    }
}
