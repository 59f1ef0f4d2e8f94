/**
 * The error model: one {@link io.amsgateway.core.error.GatewayException} carrying an {@link
 * io.amsgateway.core.error.ErrorCode} that knows its HTTP status and its Alipay {@code
 * resultStatus}. This package depends on nothing else of the gateway's: every other package may
 * use it. The body a caller receives is rendered by the server.
 */
@NullMarked
package io.amsgateway.core.error;

import org.jspecify.annotations.NullMarked;
