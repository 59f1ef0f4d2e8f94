/**
 * The AMS call service: one proxied call as plain objects (check, choose the profile, sign, send
 * through the upstream seam, verify, decrypt). No {@code ByteBuf} enters this package; Netty stays
 * in the pipeline and upstream packages.
 */
@NullMarked
package io.amsgateway.server.proxy;

import org.jspecify.annotations.NullMarked;
