package io.amsgateway.server.pipeline;

import io.amsgateway.server.proxy.ProxyService;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Builds each caller connection's pipeline in the order of {@link PipelineNames}. */
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    private final ProxyService service;
    private final GatewayState state;
    private final int maxBody;
    private final Duration idle;
    private final Consumer<CallRecord> observer;
    private final ChannelGroup connections;

    public ClientChannelInitializer(
            ProxyService service,
            GatewayState state,
            int maxBody,
            Duration idle,
            Consumer<CallRecord> observer,
            ChannelGroup connections) {
        this.connections = connections;
        this.service = service;
        this.state = state;
        this.maxBody = maxBody;
        this.idle = idle;
        this.observer = observer;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch); // closed together when the gateway stops
        ch.pipeline()
                .addLast(PipelineNames.IDLE, new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS))
                .addLast(PipelineNames.CODEC, new HttpServerCodec())
                .addLast(PipelineNames.AGGREGATOR, new BodyLimitAggregator(maxBody))
                .addLast(PipelineNames.PROXY, new ProxyHandler(service, state, observer));
    }
}
