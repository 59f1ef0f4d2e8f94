package io.amsgateway.server.pipeline;

import io.amsgateway.server.proxy.GatewayResponse;

/**
 * One finished call, for the access log and metrics.
 *
 * @param response what the caller received
 * @param totalNanos from the request decoded to the answer handed to the socket
 */
public record CallRecord(GatewayResponse response, long totalNanos) {}
