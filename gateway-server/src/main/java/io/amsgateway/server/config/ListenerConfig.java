package io.amsgateway.server.config;

import java.time.Duration;

/**
 * The callers' listener.
 *
 * @param host bind address
 * @param port port (0 picks a free one)
 * @param maxBodySize largest request body
 * @param idleTimeout idle keep-alive connections are closed after this (not while a request is
 *     arriving: {@code requestReadTimeout} governs then)
 * @param requestReadTimeout how long a request may take to arrive
 */
public record ListenerConfig(
        String host, int port, int maxBodySize, Duration idleTimeout, RequestReadTimeout requestReadTimeout) {

    /**
     * {@code gateway.listener.request-read-timeout}: from a request's first byte, its headers must
     * have arrived within {@code headers} and the whole request within {@code whole}, however the
     * bytes trickle in; otherwise 408 {@code GATEWAY_REQUEST_TIMEOUT} and the connection is closed.
     */
    public record RequestReadTimeout(Duration headers, Duration whole) {}
}
