package io.amsgateway.server.config;

import io.amsgateway.core.key.CachingKeySource;
import java.time.Duration;

/**
 * {@code gateway.keys}: the key cache in front of every profile's source, and how long start-up
 * waits for the first keys.
 *
 * @param cache refresh, hard expiry and negative caching
 * @param startupTimeout how long start-up waits for every profile's keys before it goes on unready
 */
public record KeysConfig(CachingKeySource.Settings cache, Duration startupTimeout) {}
