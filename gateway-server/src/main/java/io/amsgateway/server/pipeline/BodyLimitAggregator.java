package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpObjectAggregator} whose refusal of an oversized body is an Alipay-shaped {@code
 * GATEWAY_PAYLOAD_TOO_LARGE} (413, {@code F}) that leaves through the one exit ({@link
 * io.amsgateway.server.call.CallExit}, then the {@link AnswerWriter}) like every other answer
 * (rendered, logged and counted once), after which the connection is closed: the rest
 * of the body is not read, so the connection cannot be reused. The refusal is passed down as an
 * {@link EdgeRefusal} in place of the request, so requests pipelined before it are answered first.
 *
 * <p>A {@code 100 Continue} is only sent when no earlier request on the connection is still being
 * answered, so it never overtakes an answer.
 *
 * <p>A request that announces its oversized body with {@code Expect: 100-continue} gets the same
 * answer (Netty would otherwise write a bare 413 of its own): the body is refused on its {@code
 * Content-Length} before the caller sends it.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBody;

    BodyLimitAggregator(int maxBody) {
        super(maxBody);
        this.maxBody = maxBody;
    }

    @Override
    protected @Nullable Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && isContentLengthInvalid(start, maxContentLength)) {
            return null; // no 100 and no bare 413: handleOversizedMessage refuses it next
        }
        if (!pipeline.channel().config().isAutoRead()) {
            // A call before this request is still being answered: an interim 100 now would go out ahead
            // of that answer. The caller sends its body after its own wait for the 100, as HTTP allows.
            return null;
        }
        return super.newContinueResponse(start, maxContentLength, pipeline);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // ownership: MessageAggregator releases `oversized` after this method returns.
        ctx.fireChannelRead(new EdgeRefusal(
                CallContexts.open(ctx, oversized),
                new GatewayException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "request body exceeds " + maxBody + " bytes; nothing was sent to Alipay")));
    }
}
