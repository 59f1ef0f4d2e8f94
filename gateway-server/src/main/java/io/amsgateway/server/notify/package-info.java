/**
 * The notification service: Alipay's notifications arriving at the gateway, verified, checked for
 * age, de-duplicated and forwarded to the internal service. A {@link
 * io.amsgateway.server.call.CallHandler} like the AMS call service, chosen by path at the edge.
 */
@NullMarked
package io.amsgateway.server.notify;

import org.jspecify.annotations.NullMarked;
