/**
 * The gateway's process: the command line ({@link io.amsgateway.server.GatewayMain}) and, as the
 * proxy lands, the Netty server, upstream client and admin endpoints.
 */
@NullMarked
package io.amsgateway.server;

import org.jspecify.annotations.NullMarked;
