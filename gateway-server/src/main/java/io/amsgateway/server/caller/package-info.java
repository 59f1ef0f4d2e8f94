/**
 * The caller edge's building blocks, each usable and tested on its own:
 *
 * <pre>
 * bytes -> {@link io.amsgateway.server.caller.ListenerTls} (TLS/mTLS, reloaded files)
 *       -> {@link io.amsgateway.server.caller.CallerIdentifier} -> {@link io.amsgateway.server.caller.Caller}
 *       -> {@link io.amsgateway.server.caller.CallerPolicy} (via {@link io.amsgateway.server.caller.CallerPolicyHolder})
 *          -> {@link io.amsgateway.server.caller.PolicyDecision}
 *       -> {@link io.amsgateway.server.caller.CallLimits} -> a {@link io.amsgateway.server.caller.CallLimits.Permit}
 *       -> request path -> {@link io.amsgateway.server.caller.AuditLog#write} one {@link io.amsgateway.server.caller.AuditRecord}
 * </pre>
 *
 * Every refusal is a {@link io.amsgateway.core.error.GatewayException} ({@code CALLER_UNAUTHENTICATED}
 * 401, {@code CALLER_FORBIDDEN} 403, {@code RATE_LIMITED} 429, {@code CONCURRENCY_LIMITED} 503, all
 * {@code F}). Nothing here blocks: the identifier, the policy and the limits are in-memory and may
 * run on an event loop.
 */
@NullMarked
package io.amsgateway.server.caller;

import org.jspecify.annotations.NullMarked;
