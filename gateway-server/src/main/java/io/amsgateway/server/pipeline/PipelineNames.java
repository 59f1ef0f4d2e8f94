package io.amsgateway.server.pipeline;

/**
 * The names of the callers' pipeline handlers, in order:
 *
 * <pre>
 * caller: "idle" IdleStateHandler -> "arrival-start" (a request's first byte starts its clock)
 *      -> "codec" HttpServerCodec -> "arrival" (request-read-timeout, body bytes budget, pipelining bound)
 *      -> "aggregator" BodyLimitAggregator (413)
 *      -> "in-order" FlowControlHandler (one request at a time: pipelined ones wait here)
 *      -> "proxy" ProxyHandler (decode, route, CallExit: render, record, write)
 *
 * Refusals made before "proxy" (408, 413, 503 over a limit) travel down as an EdgeRefusal in the
 * request's place and are answered in order through the CallExit.
 * </pre>
 *
 * The upstream pipeline is drawn in {@code UpstreamChannelPoolHandler}.
 */
public final class PipelineNames {
    public static final String IDLE = "idle";
    public static final String ARRIVAL_START = "arrival-start";
    public static final String CODEC = "codec";
    public static final String ARRIVAL = "arrival";
    public static final String IN_ORDER = "in-order";
    public static final String AGGREGATOR = "aggregator";
    public static final String PROXY = "proxy";

    private PipelineNames() {}
}
