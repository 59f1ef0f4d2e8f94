package io.amsgateway.server.caller;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CallerPolicy} decided for one call.
 *
 * @param outcome allowed, forbidden or unauthenticated
 * @param enforced false in {@code report} mode: a refusal is recorded but the call goes through
 * @param reason for the audit log and, when refused, for the caller: names the caller, the
 *     profile and the API, never a key or token
 * @param rule the rule that allowed the call ({@code gateway.callers.rules[2]}), if one did
 */
public record PolicyDecision(Outcome outcome, boolean enforced, String reason, @Nullable String rule) {

    /** The outcome, before the mode is applied. */
    public enum Outcome {
        ALLOWED,
        FORBIDDEN,
        UNAUTHENTICATED
    }

    /** Whether the call goes on (allowed, or refused only in report mode). */
    public boolean letThrough() {
        return outcome == Outcome.ALLOWED || !enforced;
    }

    /**
     * The audit record's {@code decision}: {@code allowed}, {@code forbidden}, {@code
     * unauthenticated}, or in report mode {@code would-be-forbidden} / {@code would-be-unauthenticated}.
     */
    public String auditName() {
        return switch (outcome) {
            case ALLOWED -> "allowed";
            case FORBIDDEN -> enforced ? "forbidden" : "would-be-forbidden";
            case UNAUTHENTICATED -> enforced ? "unauthenticated" : "would-be-unauthenticated";
        };
    }

    /** The error code of a refusal, or null when allowed. */
    public @Nullable ErrorCode errorCode() {
        return switch (outcome) {
            case ALLOWED -> null;
            case FORBIDDEN -> ErrorCode.CALLER_FORBIDDEN;
            case UNAUTHENTICATED -> ErrorCode.CALLER_UNAUTHENTICATED;
        };
    }

    /** Throws the refusal when the call does not go on; returns this otherwise. */
    public PolicyDecision enforce() {
        ErrorCode code = errorCode();
        if (code != null && enforced) {
            throw new GatewayException(code, reason);
        }
        return this;
    }
}
