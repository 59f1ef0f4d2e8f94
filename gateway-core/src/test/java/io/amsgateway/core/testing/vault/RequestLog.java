package io.amsgateway.core.testing.vault;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts per {@link VaultOperation} and the list of requests received. Thread-safe (one lock). */
final class RequestLog {
    private final Map<VaultOperation, Long> counts = new EnumMap<>(VaultOperation.class);
    private final List<VaultRequestRecord> records = new ArrayList<>();

    synchronized void add(VaultRequestRecord r) {
        counts.merge(r.operation(), 1L, Long::sum);
        records.add(r);
    }

    synchronized long count(VaultOperation op) {
        return counts.getOrDefault(op, 0L);
    }

    synchronized List<VaultRequestRecord> records() {
        return List.copyOf(records);
    }

    synchronized void clear() {
        counts.clear();
        records.clear();
    }
}
