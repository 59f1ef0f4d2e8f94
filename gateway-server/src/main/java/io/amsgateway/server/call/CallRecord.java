package io.amsgateway.server.call;

/**
 * One finished call, for the access log, metrics and the call observer.
 *
 * @param requestId the call's {@link CallContext#requestId()}
 * @param response what the caller received
 * @param totalNanos from the request's arrival to the answer handed to the socket
 */
public record CallRecord(String requestId, GatewayResponse response, long totalNanos) {}
