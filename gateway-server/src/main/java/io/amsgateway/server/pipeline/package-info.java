/**
 * The callers' Netty pipeline (see {@link io.amsgateway.server.pipeline.PipelineNames}): glue
 * between sockets and {@link io.amsgateway.server.proxy.ProxyService}.
 */
@NullMarked
package io.amsgateway.server.pipeline;

import org.jspecify.annotations.NullMarked;
