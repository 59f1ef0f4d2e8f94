package io.amsgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufUtil;
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
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The control endpoint (plain HTTP, 127.0.0.1, its own port):
 *
 * <ul>
 *   <li>{@code POST /faults} {@code {"mode":"RESET","count":3}} sets the global fault for the next
 *       {@code count} answers (0 or absent: until cleared); {@code delayMs} parameterises DELAY and
 *       SLOW_BODY, {@code status} HTTP_5XX. Modes: DELAY, RESET, BAD_SIGNATURE, NO_SIGNATURE,
 *       HTTP_5XX, SLOW_BODY, PROCESSING.
 *   <li>{@code DELETE /faults} clears it; {@code GET /faults} shows it.
 *   <li>{@code GET /state} shows counters: payments, refunds, requests, notifications.
 * </ul>
 *
 * Stateless and {@link Sharable}.
 */
@Sharable
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultSwitch faults;
    private final Supplier<ObjectNode> state;

    ControlHandler(FaultSwitch faults, Supplier<ObjectNode> state) {
        this.faults = faults;
        this.state = state;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = req.uri().split("\\?", 2)[0];
        String method = req.method().name();
        FullHttpResponse res;
        if ("/state".equals(path) && "GET".equals(method)) {
            res = json(HttpResponseStatus.OK, state.get());
        } else if ("/faults".equals(path) && "GET".equals(method)) {
            res = json(HttpResponseStatus.OK, describe());
        } else if ("/faults".equals(path) && "DELETE".equals(method)) {
            faults.clear();
            res = json(HttpResponseStatus.OK, describe());
        } else if ("/faults".equals(path) && "POST".equals(method)) {
            res = setFault(ByteBufUtil.getBytes(req.content()));
        } else {
            res = json(HttpResponseStatus.NOT_FOUND, error("unknown control path; use /faults or /state"));
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse setFault(byte[] body) {
        try {
            JsonNode in = JSON.readTree(body);
            FaultMode mode = parseMode(in.path("mode").asText(""));
            Fault base = Fault.of(mode);
            long millis = in.has("delayMs") ? in.get("delayMs").asLong() : base.millis();
            int status = in.has("status") ? in.get("status").asInt() : base.httpStatus();
            faults.set(new Fault(mode, millis, status), in.path("count").asLong(0));
            return json(HttpResponseStatus.OK, describe());
        } catch (IOException | IllegalArgumentException e) {
            return json(HttpResponseStatus.BAD_REQUEST, error(e.getMessage() == null ? "bad request" : e.getMessage()));
        }
    }

    static FaultMode parseMode(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "BADSIG" -> FaultMode.BAD_SIGNATURE;
            case "NOSIG" -> FaultMode.NO_SIGNATURE;
            case "5XX" -> FaultMode.HTTP_5XX;
            case "SLOW" -> FaultMode.SLOW_BODY;
            default -> {
                try {
                    yield FaultMode.valueOf(n);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "unknown fault mode; use DELAY, RESET, BAD_SIGNATURE, NO_SIGNATURE,"
                                    + " HTTP_5XX, SLOW_BODY or PROCESSING");
                }
            }
        };
    }

    private ObjectNode describe() {
        ObjectNode out = JSON.createObjectNode();
        Fault f = faults.current();
        if (f == null) {
            out.putNull("mode");
            return out;
        }
        out.put("mode", f.mode().name());
        out.put("delayMs", f.millis());
        out.put("status", f.httpStatus());
        out.put("remaining", faults.remaining());
        return out;
    }

    private static ObjectNode error(String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", message);
        return out;
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return res;
    }
}
