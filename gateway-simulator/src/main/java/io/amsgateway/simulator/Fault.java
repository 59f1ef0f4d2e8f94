package io.amsgateway.simulator;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One fault to inject into one answer.
 *
 * @param mode what to do
 * @param millis for {@link FaultMode#DELAY} the delay, for {@link FaultMode#SLOW_BODY} the time
 *     the body takes to send; otherwise 0
 * @param httpStatus for {@link FaultMode#HTTP_5XX} the status (500 to 599); otherwise 0
 */
public record Fault(FaultMode mode, long millis, int httpStatus) {
    /** Prefix of every magic request id. */
    public static final String MAGIC_PREFIX = "FAULT_";

    static final long MAX_MILLIS = 600_000;
    static final long DEFAULT_SLOW_MILLIS = 1_000;

    public Fault {
        Objects.requireNonNull(mode, "mode");
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("millis must be between 0 and " + MAX_MILLIS);
        }
        if (mode == FaultMode.HTTP_5XX && (httpStatus < 500 || httpStatus > 599)) {
            throw new IllegalArgumentException("httpStatus must be between 500 and 599");
        }
    }

    /** A fault without parameters (a 5xx is 500). */
    public static Fault of(FaultMode mode) {
        return switch (mode) {
            case HTTP_5XX -> new Fault(mode, 0, 500);
            case SLOW_BODY -> new Fault(mode, DEFAULT_SLOW_MILLIS, 0);
            default -> new Fault(mode, 0, 0);
        };
    }

    /**
     * The fault a magic request id asks for, or null: {@code FAULT_DELAY_<ms>_}, {@code
     * FAULT_RESET_}, {@code FAULT_BADSIG_}, {@code FAULT_NOSIG_}, {@code FAULT_5XX_} (500) or
     * {@code FAULT_5XX_<status>_}, {@code FAULT_SLOW_} (1 s) or {@code FAULT_SLOW_<ms>_}, {@code
     * FAULT_PROCESSING_}. A malformed number is no fault: the id is then just an id.
     */
    public static @Nullable Fault fromMagicId(@Nullable String id) {
        if (id == null || !id.startsWith(MAGIC_PREFIX)) {
            return null;
        }
        String rest = id.substring(MAGIC_PREFIX.length());
        if (rest.startsWith("RESET_")) {
            return of(FaultMode.RESET);
        } else if (rest.startsWith("BADSIG_")) {
            return of(FaultMode.BAD_SIGNATURE);
        } else if (rest.startsWith("NOSIG_")) {
            return of(FaultMode.NO_SIGNATURE);
        } else if (rest.startsWith("PROCESSING_")) {
            return of(FaultMode.PROCESSING);
        } else if (rest.startsWith("DELAY_")) {
            Long ms = number(rest.substring("DELAY_".length()), MAX_MILLIS);
            return ms == null ? null : new Fault(FaultMode.DELAY, ms, 0);
        } else if (rest.startsWith("SLOW_")) {
            Long ms = number(rest.substring("SLOW_".length()), MAX_MILLIS);
            return new Fault(FaultMode.SLOW_BODY, ms == null ? DEFAULT_SLOW_MILLIS : ms, 0);
        } else if (rest.startsWith("5XX_")) {
            Long status = number(rest.substring("5XX_".length()), 599);
            return new Fault(FaultMode.HTTP_5XX, 0, status == null || status < 500 ? 500 : status.intValue());
        }
        return null;
    }

    /** The digits before the next '_', if there are 1 to 6 of them and they do not exceed max. */
    private static @Nullable Long number(String s, long max) {
        int end = s.indexOf('_');
        if (end < 1 || end > 6) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v <= max ? v : null;
    }
}
