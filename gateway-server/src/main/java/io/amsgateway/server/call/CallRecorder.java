package io.amsgateway.server.call;

import io.amsgateway.core.error.ResultStatus;
import io.amsgateway.server.caller.AuditLog;
import io.amsgateway.server.logging.AccessLog;
import io.amsgateway.server.metrics.GatewayMetrics;
import java.util.function.Consumer;

/**
 * The one recorder: every answer, rendered by {@link Answers}, is recorded here exactly once, as
 * one access-log line, the call metrics, one audit record for a call that reached the caller edge
 * ({@link io.amsgateway.server.caller.AuditLog}) and the call observer. Runs on the event loop; all are
 * cheap and never block.
 */
public final class CallRecorder implements Consumer<CallRecord> {
    private final GatewayMetrics metrics;
    private final Consumer<CallRecord> extra;

    /** Records into {@code metrics} and the access log, then hands each record to {@code extra}. */
    public CallRecorder(GatewayMetrics metrics, Consumer<CallRecord> extra) {
        this.metrics = metrics;
        this.extra = extra;
    }

    @Override
    public void accept(CallRecord c) {
        GatewayResponse r = c.response();
        if (c.signNanos() >= 0) {
            metrics.calls().observeSign(r.profile(), c.signNanos());
        }
        if (c.verifyNanos() >= 0) {
            metrics.calls().observeVerify(r.profile(), c.verifyNanos());
        }
        if (c.verificationFailure() != null) {
            metrics.calls()
                    .recordVerificationFailure(
                            c.verificationFailure().profile(),
                            c.verificationFailure().reason());
        }
        if (c.unverifiedResult() != null) {
            metrics.calls()
                    .recordUnverifiedResult(r.profile(), c.unverifiedResult().resultCode());
        }
        long upstream = r.upstreamNanos() > 0 ? r.upstreamNanos() : -1;
        if (r.error() != null) {
            if (CallContext.NONE.equals(r.profile())) {
                metrics.calls().recordError(r.error());
            } else {
                metrics.calls().recordCallError(r.profile(), r.api(), r.error(), c.totalNanos(), upstream);
            }
        } else {
            // An answer whose resultStatus cannot be read counts as U: the caller cannot know the outcome either.
            metrics.calls().recordCall(r.profile(), r.api(), status(r.resultStatus()), c.totalNanos(), upstream);
        }
        AccessLog.call(
                r.profile(),
                r.api(),
                r.status(),
                r.resultStatus(),
                c.totalNanos(),
                upstream,
                r.keyVersion(),
                r.error(),
                c.verified(),
                c.unverifiedResult() == null ? null : c.unverifiedResult().resultCode());
        if (c.audit() != null) {
            AuditLog.write(c.audit());
            metrics.callers().decision(c.audit().decision());
        }
        extra.accept(c);
    }

    private static ResultStatus status(String s) {
        return switch (s) {
            case "S" -> ResultStatus.S;
            case "F" -> ResultStatus.F;
            default -> ResultStatus.U;
        };
    }
}
