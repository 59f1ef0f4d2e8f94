package io.amsgateway.server.config;

/**
 * The admin listener ({@code /metrics}, {@code /healthz}, {@code /readyz}).
 *
 * @param host bind address
 * @param port port (0 picks a free one)
 */
public record AdminConfig(String host, int port) {}
