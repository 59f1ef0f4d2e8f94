package io.amsgateway.server.pipeline;

/**
 * The names of the callers' pipeline handlers, in order:
 *
 * <pre>
 * caller: ["tls" SslHandler, from ListenerTls, on a TLS listener] -> "idle" IdleStateHandler -> "codec" HttpServerCodec
 *      -> "aggregator" BodyLimitAggregator (413 through the CallExit)
 *      -> "proxy" ProxyHandler (decode, route, CallExit: render, record, write)
 * </pre>
 *
 * The upstream pipeline is drawn in {@code UpstreamChannelPoolHandler}.
 */
public final class PipelineNames {
    public static final String TLS = "tls";
    public static final String IDLE = "idle";
    public static final String CODEC = "codec";
    public static final String AGGREGATOR = "aggregator";
    public static final String PROXY = "proxy";

    private PipelineNames() {}
}
