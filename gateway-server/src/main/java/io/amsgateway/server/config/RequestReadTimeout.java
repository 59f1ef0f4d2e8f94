package io.amsgateway.server.config;

import java.time.Duration;

/**
 * {@code gateway.listener.request-read-timeout}: how long a request may take to arrive, counted
 * from its first byte; bytes arriving slowly do not reset the clock.
 *
 * @param headers the request line and headers must be in within this
 * @param whole the whole request, body included, must be in within this (at least {@code headers})
 */
public record RequestReadTimeout(Duration headers, Duration whole) {}
