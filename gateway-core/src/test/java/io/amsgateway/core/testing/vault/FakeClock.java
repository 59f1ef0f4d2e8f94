package io.amsgateway.core.testing.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Real time plus an offset that tests can advance, so token expiry needs no sleeping. Thread-safe. */
final class FakeClock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    Instant now() {
        return Instant.now().plus(offset.get());
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
    }
}
