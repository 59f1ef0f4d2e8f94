package io.amsgateway.core.vault;

import java.util.Set;

/**
 * The metadata of a KV version 2 secret (no secret values).
 *
 * @param currentVersion the newest version written ({@code current_version})
 * @param oldestVersion the oldest version kept ({@code oldest_version})
 * @param readableVersions the versions neither deleted nor destroyed, ascending
 */
public record KvMetadata(int currentVersion, int oldestVersion, Set<Integer> readableVersions) {
    public KvMetadata {
        readableVersions = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(readableVersions));
    }
}
