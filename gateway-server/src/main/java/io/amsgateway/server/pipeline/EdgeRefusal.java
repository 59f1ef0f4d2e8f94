package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.call.CallContext;
import org.jspecify.annotations.Nullable;

/**
 * A refusal the edge makes in place of a request (a request that did not arrive in time, an
 * oversized body, a global limit): passed down the pipeline like a request, so it reaches {@link
 * ProxyHandler} after the requests before it and is answered in order, through the one exit, after
 * which the connection is closed.
 *
 * @param call the refused request's context when its head was decoded (its request id and trace
 *     context), else null
 */
record EdgeRefusal(@Nullable CallContext call, GatewayException refusal) {
    /** A refusal before any request head was decoded (no request id or trace context to carry). */
    EdgeRefusal(GatewayException refusal) {
        this(null, refusal);
    }
}
