package io.amsgateway.server.call;

import org.jspecify.annotations.Nullable;

/**
 * The spans of one call: the call's own span and the children a service starts for its stops
 * (key lookup, signing, the upstream call, verification). {@link #NONE} when tracing is off,
 * which costs nothing. Made by a {@link CallTracer}; ended by the exit with the answer.
 */
public interface CallTrace {
    /** The child span of loading (or finding cached) the merchant key and Alipay's keys. */
    String KEY_LOOKUP = "key lookup";
    /** The child span of signing (and encrypting) the request. */
    String SIGN = "sign";
    /** The child span of the round trip to Alipay. */
    String UPSTREAM = "upstream";
    /** The child span of verifying Alipay's answer. */
    String VERIFY = "verify";

    /** No spans. */
    CallTrace NONE = new CallTrace() {
        @Override
        public Span start(String name) {
            return Span.NONE;
        }

        @Override
        public void end(GatewayResponse answer) {}

        @Override
        public @Nullable String traceId() {
            return null;
        }

        @Override
        public @Nullable String spanId() {
            return null;
        }
    };

    /** A child of the call's span, started now; end it exactly once. */
    Span start(String name);

    /** Ends the call's span with what the caller received. Called once, by {@link CallExit}. */
    void end(GatewayResponse answer);

    /** The trace id (32 hex digits), or null without a span. */
    @Nullable
    String traceId();

    /** The call's span id (16 hex digits), or null without a span. */
    @Nullable
    String spanId();

    /** One stop of the call. */
    interface Span {
        /** Does nothing. */
        Span NONE = new Span() {
            @Override
            public void end() {}

            @Override
            public void fail(Throwable error) {}
        };

        /** Ends the span as successful. */
        void end();

        /** Ends the span as failed with {@code error} (its class and the gateway's error code, never a secret). */
        void fail(Throwable error);

        /** Ends the span: failed when {@code error} is not null. */
        default void end(@Nullable Throwable error) {
            if (error == null) {
                end();
            } else {
                fail(error);
            }
        }
    }
}
