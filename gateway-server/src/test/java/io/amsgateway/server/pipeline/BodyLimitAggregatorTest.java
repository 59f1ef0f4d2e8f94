package io.amsgateway.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.call.CallExit;
import io.amsgateway.server.call.CallRecord;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyLimitAggregatorTest {
    private final List<CallRecord> recorded = new ArrayList<>();

    /** The aggregator with what stands behind it: its refusal travels to the ProxyHandler, which answers it. */
    private EmbeddedChannel edge() {
        return new EmbeddedChannel(
                new BodyLimitAggregator(16),
                new io.netty.handler.flow.FlowControlHandler(),
                new ProxyHandler(
                        Routes.of((call, req) -> {
                            throw new AssertionError("no call passes the aggregator in these tests");
                        }),
                        new GatewayState(new io.amsgateway.server.metrics.GatewayMetrics("test")),
                        new AnswerWriter(new CallExit(recorded::add))));
    }

    @Test
    void oversizedBodyGetsAnAlipayShaped413AndTheConnectionCloses() {
        EmbeddedChannel ch = edge();
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

    @Test
    void anOversizedBodyAnnouncedWithExpectContinueGetsTheSameAnswerRecordedOnce() {
        EmbeddedChannel ch = edge();
        DefaultHttpRequest head =
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/ams/api/v1/payments/pay");
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 24).set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);

        ch.writeInbound(head);

        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).as("no 100 Continue, no bare 413").isEqualTo(413);
            assertThat(r.headers().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
            assertThat(r.content().toString(StandardCharsets.UTF_8))
                    .startsWith("{\"result\":{\"resultCode\":\"GATEWAY_PAYLOAD_TOO_LARGE\",\"resultStatus\":\"F\"");
        } finally {
            r.release();
        }
        assertThat((Object) ch.readOutbound()).as("one answer only").isNull();
        assertThat(recorded).singleElement().satisfies(c -> {
            assertThat(c.response().status()).isEqualTo(413);
            assertThat(c.response().error()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        });
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aBodyWithinTheLimitAnnouncedWithExpectContinueIsInvitedIn() {
        EmbeddedChannel ch = new EmbeddedChannel(new BodyLimitAggregator(16));
        DefaultHttpRequest head =
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/ams/api/v1/payments/pay");
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 7).set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);

        ch.writeInbound(head);

        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(100);
        } finally {
            r.release();
        }
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8)));
        FullHttpRequest whole = ch.readInbound();
        try {
            assertThat(whole.content().readableBytes()).isEqualTo(7);
        } finally {
            whole.release();
        }
        assertThat(recorded).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void noContinueOvertakesTheAnswerToAnEarlierRequest() {
        EmbeddedChannel ch = new EmbeddedChannel(new BodyLimitAggregator(16));
        ch.config().setAutoRead(false); // as ProxyHandler leaves it while a call is in flight
        DefaultHttpRequest head =
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/ams/api/v1/payments/pay");
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 7).set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);

        ch.writeInbound(head);

        assertThat((Object) ch.readOutbound())
                .as("no 100 Continue while reading is paused")
                .isNull();
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8)));
        FullHttpRequest whole = ch.readInbound();
        try {
            assertThat(whole.content().readableBytes()).isEqualTo(7);
        } finally {
            whole.release();
        }
        assertFalse(ch.finishAndReleaseAll());
    }
}
