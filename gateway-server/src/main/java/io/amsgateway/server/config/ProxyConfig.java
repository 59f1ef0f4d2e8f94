package io.amsgateway.server.config;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP forward proxy (HTTP CONNECT) that outbound connections go through, with optional basic
 * authentication.
 *
 * <p>Where it comes from, first match wins: the configuration's {@code proxy.url}; else, with
 * {@code proxy.from-environment = true}, the {@code HTTPS_PROXY} (then {@code https_proxy})
 * environment variable, unless the destination host matches {@code NO_PROXY} (then {@code
 * no_proxy}) or is a loopback name or address (never proxied from the environment, as in Go's
 * {@code ProxyFromEnvironment}).
 *
 * @param host the proxy's host name or address
 * @param port the proxy's port
 * @param username basic-auth user name, or null for none
 * @param password basic-auth password (from a file or the environment's URL), or null; never printed
 * @param source where the proxy was configured (a configuration key or {@code HTTPS_PROXY}), for messages
 */
public record ProxyConfig(String host, int port, @Nullable String username, @Nullable String password, String source) {
    public ProxyConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
    }

    /** {@code host:port} for messages (no credentials). */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "ProxyConfig[" + address() + (username == null ? "" : ", basic auth as " + username) + ", from " + source
                + "]";
    }

    /**
     * Parses a proxy URL, {@code http://[user:password@]host[:port]} (port 80 by default; 3128 is
     * usual). Only {@code http} proxies (the CONNECT request travels in clear to the proxy).
     *
     * @throws IllegalArgumentException with the reason, never echoing a password
     */
    static ProxyConfig parse(String url, @Nullable String username, @Nullable String password, String source) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL; expected http://host:port");
        }
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("must be http://host[:port] (an HTTP CONNECT proxy)");
        }
        String path = u.getRawPath();
        if ((path != null && !path.isEmpty() && !"/".equals(path)) || u.getRawQuery() != null) {
            throw new IllegalArgumentException("must be http://host[:port] without a path or query");
        }
        String user = username;
        String pass = password;
        if (u.getRawUserInfo() != null) {
            if (!source.startsWith("HTTPS_PROXY") && !source.startsWith("https_proxy")) {
                throw new IllegalArgumentException(
                        "must not carry credentials; set username and password-file instead");
            }
            String info = u.getUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            pass = colon < 0 ? "" : info.substring(colon + 1);
        }
        if (user != null && (user.isEmpty() || user.indexOf(':') >= 0)) {
            throw new IllegalArgumentException("the user name must be non-empty and must not contain ':'");
        }
        String host = u.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ProxyConfig(host, u.getPort() > 0 ? u.getPort() : 80, user, user == null ? null : pass, source);
    }

    /**
     * The proxy the environment names for connections to {@code targetHost}, or null when none
     * applies (no {@code HTTPS_PROXY}, or {@code NO_PROXY} or loopback excludes the host).
     *
     * @throws IllegalArgumentException if {@code HTTPS_PROXY} is set but not a valid proxy URL
     */
    static @Nullable ProxyConfig fromEnvironment(Function<String, String> env, String targetHost) {
        String var = "HTTPS_PROXY";
        String url = env.apply(var);
        if (url == null || url.isBlank()) {
            var = "https_proxy";
            url = env.apply(var);
        }
        if (url == null || url.isBlank()) {
            return null;
        }
        if (isLoopback(targetHost) || excluded(env, targetHost)) {
            return null;
        }
        return parse(url, null, null, var);
    }

    /** Whether {@code NO_PROXY} (or {@code no_proxy}) excludes {@code host}. */
    static boolean excluded(Function<String, String> env, String host) {
        String list = env.apply("NO_PROXY");
        if (list == null) {
            list = env.apply("no_proxy");
        }
        if (list == null || list.isBlank()) {
            return false;
        }
        String h = strip(host.toLowerCase(Locale.ROOT));
        for (String raw : list.split(",")) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if ("*".equals(e)) {
                return true;
            }
            e = strip(withoutPort(e));
            if (e.startsWith("*.")) {
                e = e.substring(1);
            }
            String bare = e.startsWith(".") ? e.substring(1) : e;
            if (h.equals(bare) || h.endsWith("." + bare)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(0, end + 1);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }

    private static String strip(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLoopback(String host) {
        String h = strip(host.toLowerCase(Locale.ROOT));
        return "localhost".equals(h)
                || h.endsWith(".localhost")
                || h.startsWith("127.")
                || "::1".equals(h)
                || "0:0:0:0:0:0:0:1".equals(h);
    }
}
