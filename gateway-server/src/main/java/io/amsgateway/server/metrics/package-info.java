/**
 * The gateway's Prometheus metrics: {@link io.amsgateway.server.metrics.GatewayMetrics} owns a
 * private registry and renders the text exposition format for the admin port; {@link
 * io.amsgateway.server.metrics.CallMetrics} records calls, errors, signing and verification times
 * and upstream pool state, {@link io.amsgateway.server.metrics.KeyCacheMetrics} the key caches,
 * {@link io.amsgateway.server.metrics.VaultMetrics} the Vault client. Labels carry only profile
 * names, normalised API names, outcomes and error codes; never keys, signatures or bodies.
 */
@NullMarked
package io.amsgateway.server.metrics;

import org.jspecify.annotations.NullMarked;
