package io.amsgateway.simulator;

import java.time.Duration;
import java.util.List;

/**
 * Alipay's notification schedule (docs/protocol.md, "Notifications"): up to 8 attempts, the first at once, then
 * after 2 min, 10 min, 10 min, 1 h, 2 h, 6 h and 15 h, each interval counted from the previous
 * attempt. A scale factor compresses it for tests (0.001 makes 2 min into 120 ms).
 *
 * @param scale the factor applied to every interval, greater than 0 and at most 1
 */
public record RetrySchedule(double scale) {
    /** The intervals before each attempt, unscaled. */
    public static final List<Duration> ALIPAY = List.of(
            Duration.ZERO,
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(6),
            Duration.ofHours(15));

    public RetrySchedule {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("notify schedule scale must be in (0, 1]");
        }
    }

    /** How many attempts are made at most. */
    public int attempts() {
        return ALIPAY.size();
    }

    /** Milliseconds to wait before attempt {@code index} (0-based), after the previous one. */
    public long delayMillis(int index) {
        return Math.round(ALIPAY.get(index).toMillis() * scale);
    }
}
