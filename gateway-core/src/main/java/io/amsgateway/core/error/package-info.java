/**
 * The error model: one {@link io.amsgateway.core.error.GatewayException} carrying an {@link
 * io.amsgateway.core.error.ErrorCode} that knows its HTTP status and its Alipay {@code
 * resultStatus}, and {@link io.amsgateway.core.error.ErrorBodies}, the single renderer of
 * Alipay-shaped error JSON.
 */
@NullMarked
package io.amsgateway.core.error;

import org.jspecify.annotations.NullMarked;
