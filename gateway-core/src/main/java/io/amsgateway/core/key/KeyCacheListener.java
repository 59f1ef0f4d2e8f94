package io.amsgateway.core.key;

/**
 * What a {@link CachingKeySource} reports, for metrics. Called on the threads that use or load the
 * cache, so implementations must be thread-safe, cheap and must not throw.
 */
public interface KeyCacheListener {
    /** A lookup found its entry cached (fresh or stale). */
    default void hit() {}

    /** A lookup found nothing cached and waits for a load. */
    default void miss() {}

    /**
     * A load or refresh from the source ended.
     *
     * @param outcome {@code success}, {@code not_found} or {@code failure}
     */
    default void loaded(String outcome, long nanos) {}

    /** A cached key was served although its last refresh failed (the source is unavailable). */
    default void servedStale() {}

    /**
     * A key problem was logged as an ERROR (once per event): {@link
     * CachingKeySource#PROBLEM_UNUSABLE_KEY} or {@link CachingKeySource#PROBLEM_KEY_GONE}.
     */
    default void problem(String kind) {}

    /** Nothing is reported. */
    KeyCacheListener NONE = new KeyCacheListener() {};
}
