package io.amsgateway.server.admin;

import io.amsgateway.server.metrics.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the admin endpoints. The request is released by {@link SimpleChannelInboundHandler};
 * each response buffer is created here and released by Netty once written.
 *
 * <p>Stateless and {@link Sharable}; the suppliers and the metrics are read on the event loop.
 */
@Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final GatewayMetrics metrics;
    private final BooleanSupplier ready;
    private final BooleanSupplier live;

    AdminHandler(GatewayMetrics metrics, BooleanSupplier ready, BooleanSupplier live) {
        this.metrics = metrics;
        this.ready = ready;
        this.live = live;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST, TEXT, bytes("bad request\n"), false);
            return;
        }
        HttpMethod method = req.method();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, bytes("method not allowed\n"), keepAlive);
            return;
        }
        String uri = req.uri();
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        switch (path) {
            case "/metrics" -> metrics(ctx, req, keepAlive);
            case "/healthz" -> status(ctx, req, live.getAsBoolean(), "UP", "DOWN", keepAlive);
            case "/readyz" -> status(ctx, req, ready.getAsBoolean(), "READY", "NOT_READY", keepAlive);
            default -> respond(ctx, req, HttpResponseStatus.NOT_FOUND, TEXT, bytes("not found\n"), keepAlive);
        }
    }

    private static void status(
            ChannelHandlerContext ctx, FullHttpRequest req, boolean ok, String up, String down, boolean keepAlive) {
        HttpResponseStatus status = ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
        respond(ctx, req, status, JSON, bytes("{\"status\":\"" + (ok ? up : down) + "\"}\n"), keepAlive);
    }

    private void metrics(ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive) {
        // CPU only, a few tens of kilobytes: fine on the event loop.
        ByteBuf buf = ctx.alloc().buffer(32 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            metrics.scrape(out);
        } catch (IOException | RuntimeException e) {
            buf.release(); // ownership: never handed on, so released here
            log.error("rendering metrics failed", e);
            respond(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT, bytes("metrics failed\n"), keepAlive);
            return;
        }
        respond(ctx, req, HttpResponseStatus.OK, GatewayMetrics.CONTENT_TYPE, buf, keepAlive);
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** Writes {@code body} (whose ownership passes to Netty) or, for HEAD, only its length. */
    private static void respond(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            HttpResponseStatus status,
            String contentType,
            ByteBuf body,
            boolean keepAlive) {
        int length = body.readableBytes();
        ByteBuf content = body;
        if (req.method().equals(HttpMethod.HEAD)) {
            body.release(); // ownership: a HEAD response carries no body
            content = Unpooled.EMPTY_BUFFER;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), status, content);
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        HttpUtil.setKeepAlive(res, keepAlive);
        var written = ctx.writeAndFlush(res);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("admin connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
