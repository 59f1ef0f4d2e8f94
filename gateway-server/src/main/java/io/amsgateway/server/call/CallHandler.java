package io.amsgateway.server.call;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one kind of call (a proxied AMS call, an inbound notification): completes with a {@link
 * CallResult} or fails with a {@link io.amsgateway.core.error.GatewayException} (anything else is
 * a bug and answers {@code GATEWAY_INTERNAL}). It may also throw either synchronously. It records
 * what the answer is counted under on the {@link CallContext}, never builds an HTTP answer, and
 * never blocks the calling thread.
 */
@FunctionalInterface
public interface CallHandler {
    CompletableFuture<CallResult> handle(CallContext call, GatewayRequest request);

    /** {@link #handle}, with a synchronous throw turned into a failed future. */
    static CompletableFuture<CallResult> invoke(CallHandler handler, CallContext call, GatewayRequest request) {
        try {
            return handler.handle(call, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
