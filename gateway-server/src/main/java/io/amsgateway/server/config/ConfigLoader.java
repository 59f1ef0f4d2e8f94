package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.amsgateway.core.crypto.ProviderMode;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.SandboxRewrite;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and checks the {@code gateway} configuration. Every read uses the key's full path so that
 * every error names the key as the operator writes it ({@link ConfigException.BadValue}).
 */
final class ConfigLoader {
    private ConfigLoader() {}

    static GatewayConfig load(Config root) {
        return load(root, System::getenv);
    }

    /** As {@link #load(Config)}, with {@code env} for the environment (HTTPS_PROXY, NO_PROXY, Vault's variables). */
    static GatewayConfig load(Config root, Function<String, String> env) {
        Config reference = ConfigFactory.defaultReference();
        refuseInlineApiKeys(root);
        KnownKeys.check(root, reference);
        root.checkValid(reference, "gateway");
        SandboxRewrite sandbox =
                new SandboxRewrite(enumValue(root, "gateway.sandbox.mode", SandboxRewrite.Mode::parse), prefixes(root));
        Map<String, ProfileConfig> profiles =
                profiles(root, sandbox, env, root.getBoolean("gateway.notifications.enabled"));
        EdgeConfig edge = EdgeConfigLoader.load(root, profiles.keySet());
        int listenerPort = root.getInt("gateway.listener.port");
        if (listenerPort < -1 || listenerPort > 65535) {
            throw new ConfigException.BadValue(
                    root.getValue("gateway.listener.port").origin(),
                    "gateway.listener.port",
                    "must be between 0 and 65535 (or -1 for no TCP listener, with gateway.listener.unix-socket)");
        }
        if (listenerPort < 0 && edge.unixSocket().isEmpty()) {
            throw new ConfigException.BadValue(
                    root.getValue("gateway.listener.port").origin(),
                    "gateway.listener.port",
                    "-1 turns the TCP listener off, which leaves callers no way in: set"
                            + " gateway.listener.unix-socket too, or a port (0 to 65535)");
        }
        return new GatewayConfig(
                new GatewayConfig.CryptoConfig(enumValue(root, "gateway.crypto.provider", ProviderMode::parse)),
                sandbox,
                new ListenerConfig(
                        root.getString("gateway.listener.host"),
                        listenerPort,
                        size(root, "gateway.listener.max-body-size", 2, 64 << 20),
                        positive(root, "gateway.listener.idle-timeout")),
                new AdminConfig(root.getString("gateway.admin.host"), port(root, "gateway.admin.port")),
                positive(root, "gateway.shutdown.drain-timeout"),
                profiles,
                defaultProfile(root, profiles),
                notifications(root),
                keys(root),
                VaultConfigLoader.load(root, profiles.values(), env),
                edge,
                tracing(root),
                SharedStateConfigLoader.load(root));
    }

    /** An API key is a secret: it comes from a file or Vault, never from the configuration itself. */
    private static void refuseInlineApiKeys(Config root) {
        for (String section : List.of("gateway.profile-defaults", "gateway.profiles")) {
            if (!root.hasPath(section)) {
                continue;
            }
            Config c = root.getConfig(section);
            java.util.List<String> paths = new java.util.ArrayList<>();
            if (section.endsWith("defaults")) {
                paths.add("api-key");
            } else {
                for (String name : c.root().keySet()) {
                    paths.add(quoteIfNeeded(name) + ".api-key");
                }
            }
            for (String path : paths) {
                if (c.hasPathOrNull(path)) {
                    throw new ConfigException.BadValue(
                            c.getValue(path).origin(),
                            section + "." + path,
                            "an API key is never written in the configuration: put it in a file (api-key-file,"
                                    + " or api-key-v<N> in key-source.dir) or in Vault KV (key-source.api-key-field)");
                }
            }
        }
    }

    private static TracingConfig tracing(Config root) {
        String base = "gateway.tracing";
        String url = root.getString(base + ".endpoint");
        URI endpoint;
        try {
            endpoint = new URI(url);
        } catch (URISyntaxException e) {
            endpoint = null;
        }
        if (endpoint == null
                || endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".endpoint").origin(),
                    base + ".endpoint",
                    "must be http(s)://host[:port]/path, e.g. http://otel-collector:4318/v1/traces");
        }
        double ratio = root.getDouble(base + ".sample-ratio");
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".sample-ratio").origin(),
                    base + ".sample-ratio",
                    "must be between 0.0 and 1.0 (the share of new traces recorded)");
        }
        String service = root.getString(base + ".service-name");
        if (service.isBlank()) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".service-name").origin(), base + ".service-name", "must not be empty");
        }
        return new TracingConfig(root.getBoolean(base + ".enabled"), endpoint, ratio, service);
    }

    private static Map<String, ProfileConfig> profiles(
            Config root, SandboxRewrite sandbox, Function<String, String> env, boolean notifications) {
        Config all = root.getConfig("gateway.profiles");
        Config defaults = root.getConfig("gateway.profile-defaults");
        Map<String, ProfileConfig> out = new LinkedHashMap<>();
        Set<String> clientIds = new HashSet<>();
        for (String name : all.root().keySet()) {
            String base = "gateway.profiles." + quoteIfNeeded(name);
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ConfigException.BadValue(
                        all.origin(), base, "profile names use letters, digits, '_' and '-' only");
            }
            ProfileConfig p = profile(root, base, name, defaults, sandbox, env, notifications);
            if (!clientIds.add(p.clientId())) {
                throw new ConfigException.BadValue(
                        root.getValue(base + ".client-id").origin(),
                        base + ".client-id",
                        "client id " + p.clientId() + " is used by two profiles");
            }
            out.put(name, p);
        }
        return out;
    }

    private static ProfileConfig profile(
            Config root,
            String base,
            String name,
            Config defaults,
            SandboxRewrite global,
            Function<String, String> env,
            boolean notifications) {
        Config own = root.getConfig(base);
        if (!own.hasPath("client-id")) {
            throw new ConfigException.BadValue(
                    own.origin(), base + ".client-id", "missing: every profile names its merchant client id");
        }
        Config p = own.withFallback(defaults);
        String clientId = p.getString("client-id");
        if (!clientId.matches("[\\x21-\\x7e]{1,128}")) {
            throw new ConfigException.BadValue(
                    p.getValue("client-id").origin(),
                    base + ".client-id",
                    "client id must be 1 to 128 printable ASCII characters without spaces");
        }
        OptionalInt keyVersion = KeySourceLoader.keyVersion(p, base);
        SignatureAlgorithm algorithm = enumValue(p, "algorithm", SignatureAlgorithm::fromName, base);
        ProfileConfig.Encryption encryption = encryption(p, base);
        AuthMode auth = enumValue(p, "auth", AuthMode::parse, base);
        RequestTimeFormat timeFormat = enumValue(p, "request-time-format", RequestTimeFormat::parse, base);
        boolean alipayKeysNeeded = auth == AuthMode.RSA_SIGNATURE || notifications;
        UpstreamConfig upstream = upstream(
                root,
                p.getConfig("upstream").withFallback(root.getConfig("gateway.upstream-defaults")),
                base + ".upstream",
                env);
        if (auth == AuthMode.API_KEY) {
            if (encryption.enabled()) {
                throw new ConfigException.BadValue(
                        p.getValue("encryption.enabled").origin(),
                        base + ".encryption.enabled",
                        "RSA_AES is part of RSA signing; an auth = api-key profile cannot encrypt");
            }
            if (!"https".equals(upstream.url().getScheme())) {
                throw new ConfigException.BadValue(
                        p.getConfig("upstream")
                                .withFallback(root.getConfig("gateway.upstream-defaults"))
                                .getValue("url")
                                .origin(),
                        base + ".upstream.url",
                        "an API key is sent over HTTPS only (auth = api-key); plain HTTP is refused");
            }
        }
        return new ProfileConfig(
                name,
                clientId,
                KeySourceLoader.keySource(p, base, keyVersion, algorithm, encryption.enabled(), auth, alipayKeysNeeded),
                keyVersion,
                algorithm,
                upstream,
                encryption,
                profileSandbox(p, base, global),
                auth,
                timeFormat,
                alipayKeysNeeded);
    }

    private static UpstreamConfig upstream(Config root, Config u, String base, Function<String, String> env) {
        URI url;
        try {
            url = new URI(u.getString("url"));
        } catch (URISyntaxException e) {
            throw new ConfigException.BadValue(u.getValue("url").origin(), base + ".url", "not a URL");
        }
        boolean plainAllowed = u.getBoolean("allow-plain-http");
        boolean schemeOk = "https".equals(url.getScheme()) || ("http".equals(url.getScheme()) && plainAllowed);
        if (!schemeOk
                || url.getHost() == null
                || !(url.getPath() == null || url.getPath().isEmpty() || "/".equals(url.getPath()))
                || url.getQuery() != null) {
            throw new ConfigException.BadValue(
                    u.getValue("url").origin(),
                    base + ".url",
                    "must be https://host[:port] (http only with allow-plain-http = true)");
        }
        String ca = u.getString("ca-file");
        return new UpstreamConfig(
                url,
                ca.isEmpty() ? null : Path.of(ca),
                positive(u, "connect-timeout", base),
                positive(u, "response-timeout", base),
                intIn(u, "max-connections", 1, 10_000, base),
                intIn(u, "max-pending-acquires", 0, 1_000_000, base),
                positive(u, "pending-acquire-timeout", base),
                intIn(u, "connect-retries", 0, 5, base),
                (int) Math.min(Integer.MAX_VALUE, u.getBytes("max-response-size")),
                ProxyLoader.load(u, base, url.getHost(), env),
                enumValue(u, "revocation.mode", UpstreamConfig.Revocation::parse, base));
    }

    private static SandboxRewrite profileSandbox(Config p, String base, SandboxRewrite global) {
        String mode = p.getString("sandbox");
        if ("inherit".equalsIgnoreCase(mode.trim())) {
            return global;
        }
        return new SandboxRewrite(
                enumValue(p, "sandbox", SandboxRewrite.Mode::parse, base), global.productionOnlyPrefixes());
    }

    private static ProfileConfig.Encryption encryption(Config p, String base) {
        boolean enabled = p.getBoolean("encryption.enabled");
        int bits = p.getInt("encryption.aes-key-bits");
        if (bits != 128 && bits != 192 && bits != 256) {
            throw new ConfigException.BadValue(
                    p.getValue("encryption.aes-key-bits").origin(),
                    base + ".encryption.aes-key-bits",
                    "must be 128, 192 or 256");
        }
        return new ProfileConfig.Encryption(enabled, bits);
    }

    private static NotificationsConfig notifications(Config root) {
        String base = "gateway.notifications";
        boolean enabled = root.getBoolean(base + ".enabled");
        String prefix = root.getString(base + ".path-prefix");
        if (!prefix.matches("/[A-Za-z0-9/_.-]*[A-Za-z0-9_.-]") || prefix.startsWith("/ams/")) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".path-prefix").origin(),
                    base + ".path-prefix",
                    "must be a path such as /alipay/notify, outside /ams/");
        }
        String url = root.getString(base + ".forward-url");
        URI forward = null;
        if (enabled || !url.isEmpty()) {
            try {
                forward = new URI(url);
            } catch (URISyntaxException e) {
                forward = null;
            }
            if (forward == null
                    || forward.getHost() == null
                    || forward.getQuery() != null
                    || !("http".equals(forward.getScheme()) || "https".equals(forward.getScheme()))) {
                throw new ConfigException.BadValue(
                        root.getValue(base + ".forward-url").origin(),
                        base + ".forward-url",
                        "must be http(s)://host[:port][/path] when notifications are enabled");
            }
        }
        Duration maxAge = root.getDuration(base + ".max-age");
        if (maxAge.isNegative()) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".max-age").origin(),
                    base + ".max-age",
                    "must not be negative (0s turns the check off)");
        }
        return new NotificationsConfig(
                enabled,
                prefix,
                forward,
                positive(root, base + ".forward-timeout"),
                maxAge,
                positive(root, base + ".dedup-window"),
                intIn(root, base + ".dedup-max-entries", 1, 10_000_000, null),
                root.getBoolean(base + ".forward-signature-headers"),
                forwardCa(root, base, forward));
    }

    private static java.nio.file.@org.jspecify.annotations.Nullable Path forwardCa(
            Config root, String base, @org.jspecify.annotations.Nullable URI forward) {
        String ca = root.getString(base + ".forward-ca-file");
        if (ca.isEmpty()) {
            return null;
        }
        if (forward == null || !"https".equals(forward.getScheme())) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".forward-ca-file").origin(),
                    base + ".forward-ca-file",
                    "only meaningful with an https forward-url");
        }
        Path file = Path.of(ca);
        if (!java.nio.file.Files.isReadable(file)) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".forward-ca-file").origin(),
                    base + ".forward-ca-file",
                    "cannot read " + file);
        }
        return file;
    }

    private static KeysConfig keys(Config root) {
        String base = "gateway.keys";
        Duration refresh = positive(root, base + ".refresh-after");
        Duration expire = positive(root, base + ".expire-after");
        Duration notFound = root.getDuration(base + ".not-found-ttl");
        if (notFound.isNegative()) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".not-found-ttl").origin(), base + ".not-found-ttl", "must not be negative");
        }
        if (expire.compareTo(refresh) <= 0) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".expire-after").origin(),
                    base + ".expire-after",
                    "must be longer than refresh-after (" + refresh + ")");
        }
        return new KeysConfig(
                new io.amsgateway.core.key.CachingKeySource.Settings(refresh, expire, notFound),
                positive(root, base + ".startup-timeout"),
                signerCircuit(root, base + ".signer-circuit"),
                enumValue(root, base + ".signer-circuit.readiness", KeysConfig.CircuitReadiness::parse));
    }

    private static io.amsgateway.core.key.CircuitBreakingKeySource.Settings signerCircuit(Config root, String base) {
        int window = intIn(root, base + ".window", 1, 1000, null);
        int minimum = intIn(root, base + ".minimum-calls", 1, 1000, null);
        if (minimum > window) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".minimum-calls").origin(),
                    base + ".minimum-calls",
                    "must not exceed window (" + window + ")");
        }
        Duration openFor = positive(root, base + ".open-for");
        Duration maxOpenFor = positive(root, base + ".max-open-for");
        if (maxOpenFor.compareTo(openFor) < 0) {
            throw new ConfigException.BadValue(
                    root.getValue(base + ".max-open-for").origin(),
                    base + ".max-open-for",
                    "must be at least open-for (" + openFor + ")");
        }
        return new io.amsgateway.core.key.CircuitBreakingKeySource.Settings(
                window, minimum, intIn(root, base + ".failure-rate", 1, 100, null), openFor, maxOpenFor);
    }

    private static Optional<String> defaultProfile(Config root, Map<String, ProfileConfig> profiles) {
        String d = root.getString("gateway.default-profile");
        if (d.isEmpty()) {
            return profiles.size() == 1
                    ? Optional.of(profiles.keySet().iterator().next())
                    : Optional.empty();
        }
        if (!profiles.containsKey(d)) {
            throw new ConfigException.BadValue(
                    root.getValue("gateway.default-profile").origin(),
                    "gateway.default-profile",
                    "names no profile (profiles: " + profiles.keySet() + ")");
        }
        return Optional.of(d);
    }

    private static List<String> prefixes(Config root) {
        String path = "gateway.sandbox.production-only-prefixes";
        List<String> list = root.getStringList(path);
        for (String p : list) {
            if (!p.startsWith("/ams/api/")) {
                throw new ConfigException.BadValue(
                        root.getValue(path).origin(), path, "each prefix must start with /ams/api/");
            }
        }
        return list;
    }

    private static <T> T enumValue(Config root, String path, Function<String, T> parser) {
        return enumValue(root, path, parser, null);
    }

    private static <T> T enumValue(Config c, String path, Function<String, T> parser, String base) {
        String full = base == null ? path : base + "." + path;
        try {
            return parser.apply(c.getString(path));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.getValue(path).origin(), full, e.getMessage());
        }
    }

    private static int port(Config c, String path) {
        return intIn(c, path, 0, 65535, null);
    }

    private static int intIn(Config c, String path, int min, int max, String base) {
        int v = c.getInt(path);
        if (v < min || v > max) {
            ConfigValue value = c.getValue(path);
            throw new ConfigException.BadValue(
                    value.origin(), base == null ? path : base + "." + path, "must be between " + min + " and " + max);
        }
        return v;
    }

    private static int size(Config c, String path, long min, long max) {
        long v = c.getBytes(path);
        if (v < min || v > max) {
            throw new ConfigException.BadValue(
                    c.getValue(path).origin(), path, "must be between " + min + " and " + max + " bytes");
        }
        return (int) v;
    }

    private static Duration positive(Config c, String path) {
        return positive(c, path, null);
    }

    private static Duration positive(Config c, String path, String base) {
        Duration d = c.getDuration(path);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException.BadValue(
                    c.getValue(path).origin(), base == null ? path : base + "." + path, "must be positive");
        }
        return d;
    }

    private static String quoteIfNeeded(String name) {
        return name.matches("[A-Za-z0-9_-]+") ? name : "\"" + name + "\"";
    }
}
