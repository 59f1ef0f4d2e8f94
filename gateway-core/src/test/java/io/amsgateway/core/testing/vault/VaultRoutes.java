package io.amsgateway.core.testing.vault;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a method and a path below {@code /v1/} to the {@link VaultOperation} it asks for, with the
 * mount and names it addresses. Routing knows the mounts the engines hold, like Vault's router.
 */
final class VaultRoutes {
    /**
     * A routed request.
     *
     * @param mount the secrets engine or auth mount
     * @param name the secret path or key name
     * @param extra the hash algorithm of a sign URL; empty otherwise
     */
    record Route(VaultOperation operation, String mount, String name, String extra) {
        static Route other() {
            return new Route(VaultOperation.OTHER, "", "", "");
        }
    }

    private final KvEngine kv;
    private final TransitEngine transit;

    VaultRoutes(KvEngine kv, TransitEngine transit) {
        this.kv = kv;
        this.transit = transit;
    }

    Route route(String method, String path) {
        boolean write = method.equals("POST") || method.equals("PUT");
        if (path.equals("auth/token/renew-self")) {
            return write ? new Route(VaultOperation.TOKEN_RENEW_SELF, "token", "", "") : Route.other();
        }
        if (path.equals("auth/token/lookup-self")) {
            return method.equals("GET") ? new Route(VaultOperation.TOKEN_LOOKUP_SELF, "token", "", "") : Route.other();
        }
        if (write && path.startsWith("auth/") && path.endsWith("/login") && path.length() > 11) {
            return new Route(VaultOperation.LOGIN, path.substring(5, path.length() - 6), "", "");
        }
        String mount = mountOf(path, kv.mounts());
        if (mount != null) {
            String rest = path.substring(mount.length() + 1);
            if (rest.startsWith("data/") && rest.length() > 5) {
                String name = rest.substring(5);
                return switch (method) {
                    case "GET" -> new Route(VaultOperation.KV_READ, mount, name, "");
                    case "POST", "PUT" -> new Route(VaultOperation.KV_WRITE, mount, name, "");
                    case "DELETE" -> new Route(VaultOperation.KV_DELETE, mount, name, "");
                    default -> Route.other();
                };
            }
            if (rest.startsWith("metadata/") && rest.length() > 9 && method.equals("GET")) {
                return new Route(VaultOperation.KV_METADATA_READ, mount, rest.substring(9), "");
            }
            return Route.other();
        }
        mount = mountOf(path, transit.mounts());
        if (mount != null) {
            String[] parts = path.substring(mount.length() + 1).split("/", -1);
            if (write && parts.length >= 2 && parts.length <= 3 && parts[0].equals("sign")) {
                return new Route(VaultOperation.TRANSIT_SIGN, mount, parts[1], parts.length == 3 ? parts[2] : "");
            }
            if (parts.length == 2 && parts[0].equals("keys") && method.equals("GET")) {
                return new Route(VaultOperation.TRANSIT_KEY_READ, mount, parts[1], "");
            }
            if (write && parts.length == 3 && parts[0].equals("keys") && parts[2].equals("rotate")) {
                return new Route(VaultOperation.TRANSIT_ROTATE, mount, parts[1], "");
            }
        }
        return Route.other();
    }

    /** Whether {@code path} lies under a mount at all (405 rather than 404 for a wrong method). */
    boolean mounted(String path) {
        return mountOf(path, kv.mounts()) != null || mountOf(path, transit.mounts()) != null;
    }

    private static @Nullable String mountOf(String path, Set<String> mounts) {
        String best = null;
        for (String m : mounts) {
            if (path.startsWith(m + "/") && (best == null || m.length() > best.length())) {
                best = m;
            }
        }
        return best;
    }
}
