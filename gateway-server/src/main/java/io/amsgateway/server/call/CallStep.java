package io.amsgateway.server.call;

import java.util.concurrent.CompletableFuture;

/**
 * One step in front of a service: it may refuse the call (fail with a {@link
 * io.amsgateway.core.error.GatewayException}, which leaves through the same renderer and recorder
 * as every other answer), note what it learned on the {@link CallContext}, pass the call on to
 * {@code next}, and act on the outcome (e.g. release a permit when {@code next}'s future
 * completes). Caller identity, policy, rate and concurrency limits and audit records belong here.
 */
@FunctionalInterface
public interface CallStep {
    CompletableFuture<CallResult> apply(CallContext call, GatewayRequest request, CallHandler next);

    /** {@code handler} behind {@code steps}, the first step outermost. */
    static CallHandler chain(java.util.List<CallStep> steps, CallHandler handler) {
        CallHandler next = handler;
        for (int i = steps.size() - 1; i >= 0; i--) {
            CallStep step = steps.get(i);
            CallHandler inner = next;
            next = (call, request) -> step.apply(call, request, (c, r) -> CallHandler.invoke(inner, c, r));
        }
        return next;
    }
}
