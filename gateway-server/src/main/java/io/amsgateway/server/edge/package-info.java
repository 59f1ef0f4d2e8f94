/**
 * The caller edge, wired: the {@link io.amsgateway.server.call.CallStep}s in front of the AMS call
 * service that identify the caller, apply the caller policy and the limits, and leave what they
 * decided on the {@link io.amsgateway.server.call.CallContext} for the audit record written at the
 * one exit. Built from the parts in {@link io.amsgateway.server.caller}; see {@code
 * docs/caller-edge.md}.
 */
@NullMarked
package io.amsgateway.server.edge;

import org.jspecify.annotations.NullMarked;
