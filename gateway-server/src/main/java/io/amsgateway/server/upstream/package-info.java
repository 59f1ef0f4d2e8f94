/**
 * The gateway's side towards Alipay: pooled, verified TLS connections per event loop, timeouts,
 * and failures classified by whether the request may have reached Alipay.
 */
@NullMarked
package io.amsgateway.server.upstream;

import org.jspecify.annotations.NullMarked;
