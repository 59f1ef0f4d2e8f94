package io.amsgateway.server.pipeline;

/**
 * The names of the callers' pipeline handlers, in order:
 *
 * <pre>
 * caller: "idle" IdleStateHandler -> "codec" HttpServerCodec
 *      -> "aggregator" BodyLimitAggregator (413 through the CallExit)
 *      -> "proxy" ProxyHandler (decode, route, CallExit: render, record, write)
 * </pre>
 *
 * The upstream pipeline is drawn in {@code UpstreamChannelPoolHandler}.
 */
public final class PipelineNames {
    public static final String IDLE = "idle";
    public static final String CODEC = "codec";
    public static final String AGGREGATOR = "aggregator";
    public static final String PROXY = "proxy";

    private PipelineNames() {}
}
