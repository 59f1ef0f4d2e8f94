package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.amsgateway.core.vault.VaultAuth;
import io.amsgateway.core.vault.VaultConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@code gateway.vault} for {@link ConfigLoader}; only when a profile uses Vault. */
final class VaultConfigLoader {
    private static final String BASE = "gateway.vault";

    private VaultConfigLoader() {}

    static Optional<VaultConfig> load(Config root, Collection<ProfileConfig> profiles, Function<String, String> env) {
        boolean used = profiles.stream().anyMatch(p -> p.keySource().type().startsWith("vault-"));
        if (!used) {
            return Optional.empty();
        }
        String address = root.getString(BASE + ".address");
        if (address.isEmpty()) {
            throw bad(root, BASE + ".address", "is required when a profile's key-source is vault-kv or vault-transit");
        }
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw bad(root, BASE + ".address", "not a URL");
        }
        String ca = root.getString(BASE + ".ca-file");
        if (!ca.isEmpty() && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw bad(root, BASE + ".ca-file", "a CA file is only meaningful for an https Vault address");
        }
        String ns = root.getString(BASE + ".namespace");
        Duration timeout = root.getDuration(BASE + ".request-timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw bad(root, BASE + ".request-timeout", "must be positive");
        }
        VaultAuth auth = auth(root, env);
        VaultConfig.Proxy proxy = null;
        if (uri.getHost() != null) {
            ProxyConfig p = ProxyLoader.load(root.getConfig(BASE), BASE, uri.getHost(), env);
            proxy = p == null ? null : new VaultConfig.Proxy(p.host(), p.port(), p.username(), p.password());
        }
        try {
            return Optional.of(new VaultConfig(
                    uri, ns.isEmpty() ? null : ns, ca.isEmpty() ? null : Path.of(ca), timeout, auth, proxy));
        } catch (IllegalArgumentException e) { // VaultConfig's own check of the address
            throw bad(root, BASE + ".address", e.getMessage());
        }
    }

    private static VaultAuth auth(Config root, Function<String, String> env) {
        String at = BASE + ".auth";
        String method = root.getString(at + ".method").trim().toLowerCase(Locale.ROOT);
        try {
            switch (method) {
                case "token" -> {
                    String file = root.getString(at + ".token-file");
                    if (!file.isEmpty()) {
                        return VaultAuth.Token.fromFile(Path.of(file));
                    }
                    String var = root.getString(at + ".token-env");
                    String value = var.isEmpty() ? null : env.apply(var);
                    if (value == null || value.isBlank()) {
                        throw bad(
                                root,
                                at + ".token-file",
                                "Vault token auth needs token-file, or the environment variable " + var + " set");
                    }
                    return VaultAuth.Token.fromValue(value.strip());
                }
                case "kubernetes" -> {
                    String k = at + ".kubernetes";
                    String role = root.getString(k + ".role");
                    if (role.isBlank()) {
                        throw bad(root, k + ".role", "Vault Kubernetes auth needs a role");
                    }
                    return new VaultAuth.Kubernetes(
                            root.getString(k + ".mount"), role, Path.of(root.getString(k + ".jwt-file")));
                }
                case "approle" -> {
                    String a = at + ".approle";
                    String roleId = root.getString(a + ".role-id");
                    String secretFile = root.getString(a + ".secret-id-file");
                    if (roleId.isBlank() || secretFile.isBlank()) {
                        throw bad(root, a + ".role-id", "Vault AppRole auth needs role-id and secret-id-file");
                    }
                    return new VaultAuth.AppRole(root.getString(a + ".mount"), roleId, null, Path.of(secretFile));
                }
                default -> throw bad(root, at + ".method", "must be token, kubernetes or approle");
            }
        } catch (IllegalArgumentException e) { // a record's own check, e.g. a bad mount name
            throw bad(root, at + ".method", e.getMessage());
        }
    }

    private static ConfigException.BadValue bad(Config root, String path, String message) {
        return new ConfigException.BadValue(root.getValue(path).origin(), path, message);
    }
}
