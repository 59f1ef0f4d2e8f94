package io.amsgateway.server.notify;

import io.amsgateway.server.config.NotificationsConfig;
import io.amsgateway.server.shared.SharedState;
import java.time.Duration;

/** The {@link DedupStore} that {@code gateway.shared-state} asks for. */
public final class DedupStores {
    /** How long a claim is held beyond the forward's own timeout (a replica that dies mid-delivery). */
    private static final Duration PENDING_MARGIN = Duration.ofSeconds(30);

    private DedupStores() {}

    /** Per replica when shared state is in memory, else on Redis with this replica's window as the fallback. */
    public static DedupStore create(NotificationsConfig cfg, SharedState shared) {
        if (!shared.redisEnabled()) {
            return memory(cfg);
        }
        return new RedisDedupStore(shared, cfg.dedupWindow(), pending(cfg), cfg.dedupMaxEntries());
    }

    /** This replica's window. */
    public static DedupStore memory(NotificationsConfig cfg) {
        return new MemoryDedupStore(cfg.dedupWindow(), pending(cfg), cfg.dedupMaxEntries());
    }

    /** A claim lasts the forward's timeout plus a margin; then an unfinished claim (a crash) lets the next copy through. */
    static Duration pending(NotificationsConfig cfg) {
        return cfg.forwardTimeout().plus(PENDING_MARGIN);
    }
}
