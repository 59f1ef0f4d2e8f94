package io.amsgateway.server.pipeline;

import io.amsgateway.server.call.CallExit;
import io.amsgateway.server.call.CallRecord;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds each caller connection's pipeline in the order of {@link PipelineNames}; every answer on
 * it leaves through the one {@link CallExit} into {@code recorder}.
 */
public final class CallerChannelInitializer extends ChannelInitializer<Channel> {
    private final Routes routes;
    private final GatewayState state;
    private final int maxBody;
    private final Duration idle;
    private final AnswerWriter writer;
    private final ChannelGroup connections;
    private final CallerListener listener;

    /**
     * The pipeline of connections accepted by {@code listener}: its TLS first (when it has TLS),
     * and each request's {@link io.amsgateway.server.call.CallContext} told the connection's
     * facts (listener, peer, verified client certificate) for the caller edge.
     */
    public CallerChannelInitializer(
            CallerListener listener,
            Routes routes,
            GatewayState state,
            int maxBody,
            Duration idle,
            Consumer<CallRecord> recorder,
            ChannelGroup connections) {
        this.listener = listener;
        this.connections = connections;
        this.routes = routes;
        this.state = state;
        this.maxBody = maxBody;
        this.idle = idle;
        this.writer = new AnswerWriter(new CallExit(recorder));
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch); // closed together when the gateway stops
        if (listener.tls() != null) {
            ch.pipeline().addLast(PipelineNames.TLS, listener.tls().newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast(PipelineNames.IDLE, new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS))
                .addLast(PipelineNames.CODEC, new HttpServerCodec())
                .addLast(PipelineNames.AGGREGATOR, new BodyLimitAggregator(maxBody, writer))
                .addLast(PipelineNames.PROXY, new ProxyHandler(routes, state, writer, listener));
    }
}
