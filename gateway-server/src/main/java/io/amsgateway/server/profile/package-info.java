/**
 * The configured client profiles, ready to serve: each one's keys (through its cache) and its
 * upstream, chosen by the caller's {@code Client-Id}. Used by both services ({@code proxy} and
 * {@code notify}) and by configuration reloads.
 */
@NullMarked
package io.amsgateway.server.profile;

import org.jspecify.annotations.NullMarked;
