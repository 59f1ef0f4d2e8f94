package io.amsgateway.server.config;

import java.time.Duration;

/**
 * The callers' listener.
 *
 * @param host bind address
 * @param port port (0 picks a free one; -1: no TCP listener, callers use the Unix socket)
 * @param maxBodySize largest request body
 * @param idleTimeout idle keep-alive connections are closed after this
 */
public record ListenerConfig(String host, int port, int maxBodySize, Duration idleTimeout) {}
