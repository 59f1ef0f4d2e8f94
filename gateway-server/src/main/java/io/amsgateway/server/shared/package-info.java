/**
 * Shared state between replicas ({@code gateway.shared-state}): the Redis (or Valkey) connection
 * that notification de-duplication and shared rate limits use, on Lettuce's own threads, with a
 * bounded timeout on every command, and the record of when it is unavailable (one warning per
 * outage, a metric, recovery noticed on its own). Nothing here is on the readiness path.
 */
@NullMarked
package io.amsgateway.server.shared;

import org.jspecify.annotations.NullMarked;
