/**
 * The admin port: {@code /metrics}, {@code /healthz} and {@code /readyz} on a small Netty
 * HTTP/1.1 server of its own, separate from traffic so that probes and scrapes never queue behind
 * calls and a traffic listener never exposes operational data.
 */
@NullMarked
package io.amsgateway.server.admin;

import org.jspecify.annotations.NullMarked;
