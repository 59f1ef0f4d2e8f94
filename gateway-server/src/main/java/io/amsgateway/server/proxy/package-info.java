/**
 * One proxied call as plain objects: choose the profile, sign, send, verify, decrypt. No
 * {@code ByteBuf} enters this package; Netty stays in the pipeline and upstream packages.
 */
@NullMarked
package io.amsgateway.server.proxy;

import org.jspecify.annotations.NullMarked;
