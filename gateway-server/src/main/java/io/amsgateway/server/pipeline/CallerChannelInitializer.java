package io.amsgateway.server.pipeline;

import io.amsgateway.server.call.CallExit;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.config.ListenerConfig;
import io.amsgateway.server.config.RequestReadTimeout;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds each caller connection's pipeline in the order of {@link PipelineNames}; every answer on
 * it leaves through the one {@link CallExit} into {@code recorder}. Counts connections against
 * {@code gateway.limits.max-connections}: one over it is answered 503 {@code GATEWAY_OVERLOADED}
 * and closed.
 */
public final class CallerChannelInitializer extends ChannelInitializer<Channel> {
    private final Routes routes;
    private final GatewayState state;
    private final ListenerConfig listener;
    private final RequestReadTimeout readTimeout;
    private final EdgeBudget budget;
    private final AnswerWriter writer;
    private final ChannelGroup connections;

    public CallerChannelInitializer(
            Routes routes,
            GatewayState state,
            ListenerConfig listener,
            RequestReadTimeout readTimeout,
            EdgeBudget budget,
            Consumer<CallRecord> recorder,
            ChannelGroup connections) {
        this.connections = connections;
        this.routes = routes;
        this.state = state;
        this.listener = listener;
        this.readTimeout = readTimeout;
        this.budget = budget;
        this.writer = new AnswerWriter(new CallExit(recorder));
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch); // closed together when the gateway stops
        boolean counted = budget.connectionOpened();
        if (counted) {
            ch.closeFuture().addListener(f -> budget.connectionClosed());
        }
        RequestArrival arrival = new RequestArrival(readTimeout, budget);
        ch.pipeline()
                .addLast(
                        PipelineNames.IDLE,
                        new IdleStateHandler(0, 0, listener.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast(PipelineNames.ARRIVAL_START, arrival.first())
                .addLast(PipelineNames.CODEC, new HttpServerCodec())
                .addLast(PipelineNames.ARRIVAL, arrival.watch())
                .addLast(PipelineNames.AGGREGATOR, new BodyLimitAggregator(listener.maxBodySize()))
                .addLast(PipelineNames.IN_ORDER, new FlowControlHandler())
                .addLast(PipelineNames.PROXY, new ProxyHandler(routes, state, writer, arrival, !counted));
    }
}
