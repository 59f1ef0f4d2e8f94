package io.amsgateway.bench.load;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * Mode {@code gateway}: plain JSON to the gateway's listener, as an internal service sends it (no
 * {@code Client-Id}: the gateway's only profile is the default). The gateway signs, forwards over
 * TLS, verifies the answer and returns Alipay's body; a 200 with {@code resultStatus} S counts.
 */
final class GatewayCalls implements CallFactory {
    static final String TARGET = "/ams/api/v1/payments/pay";

    private final PayBodies bodies;
    private final String host;

    GatewayCalls(PayBodies bodies, int port) {
        this.bodies = bodies;
        this.host = "127.0.0.1:" + port;
    }

    @Override
    public String mode() {
        return "gateway";
    }

    @Override
    public int bodySize() {
        return bodies.size();
    }

    @Override
    public FullHttpRequest request(long seq) {
        byte[] body = bodies.body(seq);
        FullHttpRequest r =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, TARGET, Unpooled.wrappedBuffer(body));
        r.headers()
                .set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    @Override
    public @Nullable String check(FullHttpResponse response) {
        return Answers.success(response.status().code(), Answers.body(response));
    }
}
