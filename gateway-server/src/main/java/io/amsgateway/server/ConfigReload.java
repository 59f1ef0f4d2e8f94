package io.amsgateway.server;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.profile.ClientProfile;
import io.amsgateway.server.profile.ProfileRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a configuration reload (SIGHUP) changes without a restart: each profile's signing key
 * version ({@code key-version}), moved only once the new version's key has loaded, also when the
 * same reload changes other settings of that profile. Everything else (other settings of a
 * profile, new or removed profiles, upstreams, key sources, listeners, Vault settings) is reported
 * as needing a restart and left as it is. Reloads are applied one at a time ({@link Reloader}).
 */
final class ConfigReload {
    private ConfigReload() {}

    /** Marks the lines that say a wanted change was not made (logged as a WARN). */
    private static final String NOT_MOVED = " not moved, ";

    /** Whether {@code line} (one of {@link #apply}'s) reports a change that was not made. */
    static boolean isWarning(String line) {
        return line.contains(NOT_MOVED);
    }

    /**
     * Applies {@code next}'s key versions to {@code profiles}; completes with one line per profile
     * or setting saying what happened (never failing: a version that does not load is a line).
     */
    static CompletableFuture<List<String>> apply(GatewayConfig running, GatewayConfig next, ProfileRegistry profiles) {
        List<String> lines = new ArrayList<>();
        List<CompletableFuture<String>> moves = new ArrayList<>();
        for (ClientProfile p : profiles.all()) {
            ProfileConfig now = p.cfg().withKeyVersion(p.keyVersion());
            ProfileConfig wanted = next.profiles().get(p.name());
            if (wanted == null) {
                lines.add("profile " + p.name() + ": removed from the configuration; needs a restart, still serving");
                continue;
            }
            if (!wanted.withKeyVersion(now.keyVersion()).equals(now)) {
                lines.add("profile " + p.name() + ": changed beyond key-version; needs a restart, unchanged");
            }
            if (!wanted.keyVersion().equals(now.keyVersion())) {
                String from = now.keyVersionText();
                String to = wanted.keyVersionText();
                moves.add(p.moveKeyVersion(wanted.keyVersion()).handle((ok, e) -> {
                    if (e != null) {
                        return "profile " + p.name() + ": key-version " + to + NOT_MOVED + "its key did not load ("
                                + message(e) + "); still signing with " + from;
                    }
                    p.keys().signsWith(p.cfg().clientId(), wanted.keyVersion());
                    return "profile " + p.name() + ": key-version " + from + " -> " + to;
                }));
            }
        }
        for (String name : next.profiles().keySet()) {
            if (running.profiles().get(name) == null) {
                lines.add("profile " + name + ": new; needs a restart, not serving");
            }
        }
        if (!sameOutsideProfiles(running, next)) {
            lines.add("settings outside the profiles changed; they need a restart, unchanged");
        }
        return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<String> out = new ArrayList<>();
            moves.forEach(m -> out.add(m.join()));
            out.addAll(lines);
            if (out.isEmpty()) {
                out.add("nothing changed");
            }
            return out;
        });
    }

    private static boolean sameOutsideProfiles(GatewayConfig a, GatewayConfig b) {
        return a.crypto().equals(b.crypto())
                && a.sandbox().equals(b.sandbox())
                && a.listener().equals(b.listener())
                && a.admin().equals(b.admin())
                && a.drainTimeout().equals(b.drainTimeout())
                && a.defaultProfile().equals(b.defaultProfile())
                && a.notifications().equals(b.notifications())
                && a.keys().equals(b.keys())
                && a.vault().equals(b.vault());
    }

    private static String message(Throwable e) {
        Throwable t = Futures.unwrap(e);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
