package io.amsgateway.core.vault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where Vault is and how to log in to it.
 *
 * <p>With {@code caPemFile} set, TLS trusts exactly the certificates in that PEM file (and not
 * the JDK's default trust store); without it, the JDK's default trust store applies. Host name
 * verification is always on. Immutable; holds no secret itself except through {@link #auth()},
 * whose {@code toString} masks secret values.
 *
 * @param address Vault's base URI, {@code http} or {@code https}, e.g. {@code
 *     https://vault.internal:8200}; a path, query or fragment is refused
 * @param namespace the Vault Enterprise namespace sent as {@code X-Vault-Namespace}, or null
 * @param caPemFile PEM file of the CA certificates to trust for an {@code https} address, or null
 * @param requestTimeout the limit for one HTTP request (connect and answer), positive
 * @param auth how to obtain a token
 * @param proxy the HTTP forward proxy requests go through, or null for direct connections
 */
public record VaultConfig(
        URI address,
        @Nullable String namespace,
        @Nullable Path caPemFile,
        Duration requestTimeout,
        VaultAuth auth,
        @Nullable Proxy proxy) {

    /**
     * An HTTP forward proxy: {@code https} addresses are reached through a CONNECT tunnel, {@code
     * http} ones by sending the request to the proxy. With {@code username} and {@code password},
     * every request carries basic {@code Proxy-Authorization} (the JDK client passes it on to the
     * CONNECT request of a tunnel). {@code toString} masks the password.
     */
    public record Proxy(String host, int port, @Nullable String username, @Nullable String password) {
        public Proxy {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("proxy port must be between 1 and 65535");
            }
        }

        @Override
        public String toString() {
            return "Proxy[" + host + ":" + port + (username == null ? "" : ", basic auth as " + username) + "]";
        }
    }

    /** Without a proxy. */
    public VaultConfig(
            URI address,
            @Nullable String namespace,
            @Nullable Path caPemFile,
            Duration requestTimeout,
            VaultAuth auth) {
        this(address, namespace, caPemFile, requestTimeout, auth, null);
    }

    public VaultConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(auth, "auth");
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Vault address must be http or https: " + address);
        }
        if (address.getHost() == null) {
            throw new IllegalArgumentException("Vault address has no host: " + address);
        }
        String path = address.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || address.getRawQuery() != null
                || address.getRawFragment() != null
                || address.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "Vault address must be scheme://host[:port] only (no path, query or user info)");
        }
        if (namespace != null && namespace.isBlank()) {
            namespace = null;
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (caPemFile != null && !scheme.equals("https")) {
            throw new IllegalArgumentException("a CA file is only meaningful for an https Vault address");
        }
    }

    /** A configuration without namespace or CA file, with a 5 s request timeout. */
    public static VaultConfig of(URI address, VaultAuth auth) {
        return new VaultConfig(address, null, null, Duration.ofSeconds(5), auth);
    }

    /** The base URI without a trailing slash, e.g. {@code https://vault:8200}. */
    String base() {
        String s = address.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
