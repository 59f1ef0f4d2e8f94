package io.amsgateway.server.pipeline;

import io.amsgateway.core.error.GatewayException;

/**
 * A refusal the edge makes in place of a request (a request that did not arrive in time, an
 * oversized body, a global limit): passed down the pipeline like a request, so it reaches {@link
 * ProxyHandler} after the requests before it and is answered in order, through the one exit, after
 * which the connection is closed.
 */
record EdgeRefusal(GatewayException refusal) {}
