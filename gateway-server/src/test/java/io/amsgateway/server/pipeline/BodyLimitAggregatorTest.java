package io.amsgateway.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyLimitAggregatorTest {
    @Test
    void oversizedBodyGetsAnAlipayShaped413AndTheConnectionCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new BodyLimitAggregator(16));
        // As HttpServerCodec delivers it: the head, whose Content-Length is refused before any content is read.
        DefaultHttpRequest head =
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/ams/api/v1/payments/pay");
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 24);

        ch.writeInbound(head);

        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(413);
            assertThat(r.headers().get("X-Gateway-Error")).isEqualTo("GATEWAY_PAYLOAD_TOO_LARGE");
            assertThat(r.content().toString(StandardCharsets.UTF_8))
                    .startsWith("{\"result\":{\"resultCode\":\"GATEWAY_PAYLOAD_TOO_LARGE\",\"resultStatus\":\"F\"");
        } finally {
            r.release();
        }
        assertThat(ch.isOpen())
                .as("the unread rest of the body makes the connection unusable")
                .isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }
}
