/**
 * The edge: the callers' Netty pipeline (see {@link io.amsgateway.server.pipeline.PipelineNames}),
 * which opens each call, routes it to a {@link io.amsgateway.server.call.CallHandler}, and writes
 * every answer through one exit. Netty stays here and in {@code upstream}.
 */
@NullMarked
package io.amsgateway.server.pipeline;

import org.jspecify.annotations.NullMarked;
