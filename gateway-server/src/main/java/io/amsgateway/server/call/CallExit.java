package io.amsgateway.server.call;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.GatewayException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one exit every answer leaves through, exactly once per call: rendered by {@link Answers}
 * and recorded (access log, metrics, call observer) by the recorder, whether it is a service's
 * result, a service's failure, or a refusal made before a service was reached (an undecodable or
 * oversized request, a call while draining, a step in front of a service). The edge writes what
 * it returns. Every answer carries the call's {@code X-Request-Id}; the call's span ends here; the
 * record is written in the call's logging {@linkplain CallContext#scope() scope}. Stateless;
 * shared by every connection.
 */
public final class CallExit {
    private final Consumer<CallRecord> recorder;

    /** An exit that records into {@code recorder} (a {@link CallRecorder} in the gateway). */
    public CallExit(Consumer<CallRecord> recorder) {
        this.recorder = recorder;
    }

    /** The answer for a service's outcome: its result, or its failure when {@code result} is null. */
    public GatewayResponse finish(CallContext call, @Nullable CallResult result, @Nullable Throwable failure) {
        try (CallContext.Scope s = call.scope()) {
            GatewayResponse answer = result != null
                    ? Answers.of(call, result)
                    : Answers.of(
                            call, Futures.unwrap(failure == null ? new IllegalStateException("no outcome") : failure));
            return record(call, answer);
        }
    }

    /** The answer for a refusal made before (or instead of) a service. */
    public GatewayResponse refuse(CallContext call, GatewayException refusal) {
        try (CallContext.Scope s = call.scope()) {
            return record(call, Answers.of(call, refusal));
        }
    }

    private GatewayResponse record(CallContext call, GatewayResponse answer) {
        CallRecord record = CallRecord.of(call, answer);
        call.trace().end(answer);
        recorder.accept(record);
        return answer;
    }
}
