/**
 * Optional span export with the OpenTelemetry SDK ({@code gateway.tracing}, off by default):
 * {@link io.amsgateway.server.tracing.OtelCallTracer} makes each call's {@link
 * io.amsgateway.server.call.CallTrace}.
 */
@NullMarked
package io.amsgateway.server.tracing;

import org.jspecify.annotations.NullMarked;
