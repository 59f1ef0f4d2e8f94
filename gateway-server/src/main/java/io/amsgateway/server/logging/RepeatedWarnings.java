package io.amsgateway.server.logging;

import io.amsgateway.core.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may repeat once per call (an answer that does not verify during a key rotation)
 * logged once per burst with a count instead of once per call: the first of a kind is logged at
 * once; the ones of the same kind within the next {@code window} are counted, and at the window's
 * end one more line says how many there were (none if there were no more). The next one after
 * that starts a new burst. The kind (for example a profile and a reason) must be from a small set.
 * Thread-safe and non-blocking.
 */
public final class RepeatedWarnings {
    private static final ScheduledExecutorService FLUSH =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("repeated-warnings"));

    private final Logger log;
    private final Duration window;
    private final Map<String, AtomicLong> bursts = new ConcurrentHashMap<>();

    public RepeatedWarnings(Logger log, Duration window) {
        this.log = log;
        this.window = window;
    }

    private String span() {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }

    /**
     * Logs {@code message} (an SLF4J pattern with {@code args}) if it is the first of {@code kind}
     * in this window, else counts it.
     */
    public void warn(String kind, String message, Object... args) {
        AtomicLong fresh = new AtomicLong();
        AtomicLong burst = bursts.putIfAbsent(kind, fresh);
        if (burst != null) {
            burst.incrementAndGet();
            return;
        }
        log.warn(message + " (further ones within " + span() + " are counted, not logged)", args);
        FLUSH.schedule(
                () -> {
                    bursts.remove(kind, fresh);
                    long more = fresh.get();
                    if (more > 0) {
                        log.warn("{}: {} more like it in the last {}", kind, more, span());
                    }
                },
                window.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
