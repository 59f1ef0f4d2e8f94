package io.amsgateway.server.config;

/**
 * {@code gateway.limits}: the global caps of the callers' edge, shared by every connection.
 *
 * @param maxConnections most caller connections open at once; a connection over it is answered
 *     503 {@code GATEWAY_OVERLOADED} ({@code F}) and closed
 * @param maxBufferedBodyBytes most bytes held, across all connections, for request bodies still
 *     arriving; a body chunk that would pass it is answered 503 {@code GATEWAY_OVERLOADED} ({@code
 *     F}) and its connection closed
 */
public record EdgeLimits(int maxConnections, long maxBufferedBodyBytes) {
    public EdgeLimits {
        if (maxConnections < 1 || maxBufferedBodyBytes < 1) {
            throw new IllegalArgumentException("edge limits must be positive");
        }
    }
}
