package io.amsgateway.core.testing.vault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A token the fake issued: immutable; renewal replaces it with a copy. {@link #toString()} never
 * prints the token itself.
 *
 * @param id the token (the {@code X-Vault-Token} value)
 * @param expires when it stops working; {@code null} for the root token, which never expires
 */
record VaultToken(
        String id,
        String accessor,
        String entityId,
        String path,
        String displayName,
        List<String> policies,
        Map<String, String> meta,
        boolean renewable,
        Instant issued,
        Duration ttl,
        Duration maxTtl,
        @Nullable Instant expires,
        @Nullable Instant lastRenewal) {

    boolean expired(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    VaultToken renewed(Instant now, Duration newTtl) {
        return new VaultToken(
                id,
                accessor,
                entityId,
                path,
                displayName,
                policies,
                meta,
                renewable,
                issued,
                ttl,
                maxTtl,
                now.plus(newTtl),
                now);
    }

    @Override
    public String toString() {
        return "VaultToken[accessor=" + accessor + ", path=" + path + ", expires=" + expires + "]";
    }
}
