package io.amsgateway.core.vault;

import java.util.Map;

/**
 * One version of a KV version 2 secret: its version number and its fields, all strings. The
 * values are secrets: {@link #toString()} shows the field names only.
 *
 * @param version the KV version that was read
 * @param data field name to value
 */
public record KvSecret(int version, Map<String, String> data) {
    public KvSecret {
        data = Map.copyOf(data);
    }

    @Override
    public String toString() {
        return "KvSecret[v" + version + ", fields=" + new java.util.TreeSet<>(data.keySet()) + "]";
    }
}
