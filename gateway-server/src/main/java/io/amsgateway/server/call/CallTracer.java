package io.amsgateway.server.call;

/**
 * Starts the {@link CallTrace} of a call (its span, child of the caller's {@code traceparent}
 * when it sent a valid one). {@link #NONE} when tracing is off ({@code gateway.tracing.enabled =
 * false}, the default). Thread-safe.
 */
@FunctionalInterface
public interface CallTracer {
    /** Tracing off. */
    CallTracer NONE = call -> CallTrace.NONE;

    /** The trace of {@code call}, its span started at the call's arrival. */
    CallTrace start(CallContext call);
}
