package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and checks the caller edge's keys ({@link EdgeConfig}). Every error names the key as the
 * operator writes it ({@code gateway.callers.rules[1].apis}), or the file and line for a token file.
 */
final class EdgeConfigLoader {
    private static final Set<String> RULE_KEYS = Set.of("caller", "profiles", "apis");
    private static final Set<String> TOKEN_KEYS = Set.of("name", "sha256");
    /** Identities and their patterns: printable ASCII without spaces, quotes or backslashes. */
    private static final Pattern CALLER = Pattern.compile("[\\x21-\\x7e&&[^\"\\\\]]{1,512}");
    /** API patterns: path segments of letters, digits, '_', '-', with '*' as a wildcard. */
    private static final Pattern API = Pattern.compile("[A-Za-z0-9_*-]+(/[A-Za-z0-9_*-]+)*");

    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private EdgeConfigLoader() {}

    /**
     * Loads the edge from the resolved root.
     *
     * @param profileNames the configured profiles, which rules may name
     */
    static EdgeConfig load(Config root, Set<String> profileNames) {
        return parse(root, profileNames);
    }

    /** Reads and checks the edge's keys. */
    static EdgeConfig parse(Config root, Set<String> profileNames) {
        String unix = root.getString("gateway.listener.unix-socket").trim();
        if (!unix.isEmpty() && !unix.startsWith("/")) {
            throw bad(root, "gateway.listener.unix-socket", "must be an absolute path, or \"\" for none");
        }
        return new EdgeConfig(
                tls(root),
                unix.isEmpty() ? Optional.empty() : Optional.of(Path.of(unix)),
                readTimeout(root),
                callers(root, profileNames),
                limits(root));
    }

    private static ListenerTlsConfig tls(Config root) {
        String base = "gateway.listener.tls";
        boolean enabled = root.getBoolean(base + ".enabled");
        ListenerTlsConfig.ClientAuth auth = enumValue(root, base + ".client-auth", ListenerTlsConfig.ClientAuth::parse);
        Optional<Path> cert = file(root, base + ".cert-file");
        Optional<Path> key = file(root, base + ".key-file");
        Optional<Path> ca = file(root, base + ".client-ca-file");
        if (enabled && cert.isEmpty()) {
            throw bad(root, base + ".cert-file", "is required when TLS is enabled (a PEM certificate chain)");
        }
        if (enabled && key.isEmpty()) {
            throw bad(root, base + ".key-file", "is required when TLS is enabled (a PEM private key)");
        }
        if (enabled && auth != ListenerTlsConfig.ClientAuth.NONE && ca.isEmpty()) {
            throw bad(
                    root,
                    base + ".client-ca-file",
                    "is required when client-auth is " + auth.name().toLowerCase(java.util.Locale.ROOT)
                            + " (a PEM bundle of the CAs that sign callers' certificates)");
        }
        if (!enabled && auth != ListenerTlsConfig.ClientAuth.NONE) {
            throw bad(root, base + ".client-auth", "needs gateway.listener.tls.enabled = true");
        }
        return new ListenerTlsConfig(
                enabled,
                cert,
                key,
                auth,
                ca,
                enumValue(root, base + ".engine", ListenerTlsConfig.Engine::parse),
                positive(root, base + ".reload-interval"));
    }

    private static RequestReadTimeout readTimeout(Config root) {
        String base = "gateway.listener.request-read-timeout";
        Duration headers = positive(root, base + ".headers");
        Duration whole = positive(root, base + ".whole");
        if (whole.compareTo(headers) < 0) {
            throw bad(root, base + ".whole", "must not be shorter than headers (" + headers + ")");
        }
        return new RequestReadTimeout(headers, whole);
    }

    private static CallersConfig callers(Config root, Set<String> profileNames) {
        String base = "gateway.callers";
        CallersConfig.Mode mode = enumValue(root, base + ".mode", CallersConfig.Mode::parse);
        List<CallersConfig.Rule> rules = new ArrayList<>();
        List<? extends Config> raw = root.getConfigList(base + ".rules");
        for (int i = 0; i < raw.size(); i++) {
            rules.add(rule(raw.get(i), base + ".rules[" + i + "]", profileNames));
        }
        List<CallersConfig.Token> tokens = new ArrayList<>();
        List<? extends Config> inline = root.getConfigList(base + ".tokens");
        for (int i = 0; i < inline.size(); i++) {
            tokens.add(token(inline.get(i), base + ".tokens[" + i + "]"));
        }
        Optional<Path> file = file(root, base + ".tokens-file");
        if (file.isPresent()) {
            tokens.addAll(
                    tokenFile(file.get(), root.getValue(base + ".tokens-file").origin()));
        }
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (CallersConfig.Token t : tokens) {
            if (!names.add(t.name())) {
                throw new ConfigException.BadValue(
                        root.origin(), t.key(), "token name " + t.name() + " is configured twice");
            }
            if (!hashes.add(HexFormat.of().formatHex(t.sha256()))) {
                throw new ConfigException.BadValue(
                        root.origin(), t.key(), "token " + t.name() + " has the same hash as another token");
            }
        }
        return new CallersConfig(mode, rules, tokens);
    }

    private static CallersConfig.Rule rule(Config r, String key, Set<String> profileNames) {
        for (String k : r.root().keySet()) {
            if (!RULE_KEYS.contains(k)) {
                throw new ConfigException.BadValue(
                        r.origin(), key + "." + k, "unknown rule key (a rule has caller, profiles, apis)");
            }
        }
        for (String k : RULE_KEYS) {
            if (!r.hasPath(k)) {
                throw new ConfigException.BadValue(r.origin(), key + "." + k, "is required in every rule");
            }
        }
        String caller = r.getString("caller");
        if (!CALLER.matcher(caller).matches()) {
            throw new ConfigException.BadValue(
                    r.getValue("caller").origin(),
                    key + ".caller",
                    "must be an identity or pattern: printable ASCII without spaces, quotes or backslashes");
        }
        List<String> profiles = r.getStringList("profiles");
        if (profiles.isEmpty()) {
            throw new ConfigException.BadValue(
                    r.getValue("profiles").origin(), key + ".profiles", "must name at least one profile, or \"*\"");
        }
        for (String p : profiles) {
            if (!p.equals("*") && !profileNames.contains(p)) {
                throw new ConfigException.BadValue(
                        r.getValue("profiles").origin(),
                        key + ".profiles",
                        "names no profile: " + p + " (profiles: " + profileNames + ", or \"*\")");
            }
        }
        List<String> apis = r.getStringList("apis");
        if (apis.isEmpty()) {
            throw new ConfigException.BadValue(
                    r.getValue("apis").origin(), key + ".apis", "must name at least one API, or \"*\"");
        }
        for (String a : apis) {
            if (!API.matcher(a).matches()) {
                throw new ConfigException.BadValue(
                        r.getValue("apis").origin(),
                        key + ".apis",
                        "each API is a path below the version, such as payments/inquiryPayment or"
                                + " payments/inquiry* (was " + a + ")");
            }
        }
        return new CallersConfig.Rule(caller, profiles, apis, key);
    }

    private static CallersConfig.Token token(Config t, String key) {
        for (String k : t.root().keySet()) {
            if (!TOKEN_KEYS.contains(k)) {
                throw new ConfigException.BadValue(
                        t.origin(), key + "." + k, "unknown token key (a token has name and sha256)");
            }
        }
        if (!t.hasPath("name") || !t.hasPath("sha256")) {
            throw new ConfigException.BadValue(t.origin(), key, "a token needs name and sha256");
        }
        String name = t.getString("name");
        if (!TOKEN_NAME.matcher(name).matches()) {
            throw new ConfigException.BadValue(
                    t.getValue("name").origin(), key + ".name", "use 1 to 64 letters, digits, '_', '.', '-'");
        }
        String hex = t.getString("sha256");
        if (!SHA256_HEX.matcher(hex).matches()) {
            // Never echo the value: an operator may have pasted the token itself.
            throw new ConfigException.BadValue(
                    t.getValue("sha256").origin(),
                    key + ".sha256",
                    "must be 64 hex digits: the SHA-256 of the token (printf %s \"$TOKEN\" | sha256sum),"
                            + " never the token itself");
        }
        return new CallersConfig.Token(name, HexFormat.of().parseHex(hex), key);
    }

    /** Lines of {@code name sha256hex}; blank lines and {@code #} comments are skipped. */
    static List<CallersConfig.Token> tokenFile(Path file, ConfigOrigin origin) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException.BadValue(
                    origin,
                    "gateway.callers.tokens-file",
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        List<CallersConfig.Token> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            String[] parts = line.split("\\s+");
            if (parts.length != 2
                    || !TOKEN_NAME.matcher(parts[0]).matches()
                    || !SHA256_HEX.matcher(parts[1]).matches()) {
                throw new ConfigException.BadValue(
                        origin,
                        "gateway.callers.tokens-file",
                        where + ": each line is `name sha256hex` (the SHA-256 of the token, never the token)");
            }
            out.add(new CallersConfig.Token(parts[0], HexFormat.of().parseHex(parts[1]), where));
        }
        return out;
    }

    private static LimitsConfig limits(Config root) {
        String base = "gateway.limits";
        return new LimitsConfig(
                limit(root, base + ".per-caller"),
                limit(root, base + ".per-profile"),
                intIn(root, base + ".max-tracked-callers", 1, 10_000_000),
                intIn(root, base + ".max-connections", 1, 10_000_000),
                bytesIn(root, base + ".max-buffered-body-bytes", 1, Long.MAX_VALUE));
    }

    private static LimitsConfig.Limit limit(Config root, String base) {
        int rate = intIn(root, base + ".rate", 0, 1_000_000);
        int burst = intIn(root, base + ".burst", 0, 10_000_000);
        int inFlight = intIn(root, base + ".max-in-flight", 0, 10_000_000);
        if (burst != 0 && burst < rate) {
            throw bad(root, base + ".burst", "must be 0 (same as rate) or at least rate (" + rate + ")");
        }
        if (burst != 0 && rate == 0) {
            throw bad(root, base + ".burst", "needs a rate (rate = 0 turns the rate limit off)");
        }
        boolean shared = root.getBoolean(base + ".shared");
        if (shared && rate == 0) {
            throw bad(root, base + ".shared", "shares a rate between replicas: set " + base + ".rate too");
        }
        if (shared && !"redis".equals(root.getString("gateway.shared-state.type"))) {
            throw bad(
                    root,
                    base + ".shared",
                    "needs gateway.shared-state.type = redis (with gateway.shared-state.redis.uri); without"
                            + " Redis every replica counts alone: set shared = false");
        }
        return new LimitsConfig.Limit(rate, burst == 0 ? rate : burst, inFlight, shared);
    }

    private static Optional<Path> file(Config root, String path) {
        String s = root.getString(path).trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(Path.of(s));
    }

    private static <T> T enumValue(Config c, String path, Function<String, T> parser) {
        try {
            return parser.apply(c.getString(path));
        } catch (IllegalArgumentException e) {
            throw bad(c, path, e.getMessage());
        }
    }

    private static Duration positive(Config c, String path) {
        Duration d = c.getDuration(path);
        if (d.isNegative() || d.isZero()) {
            throw bad(c, path, "must be positive");
        }
        return d;
    }

    private static int intIn(Config c, String path, int min, int max) {
        int v = c.getInt(path);
        if (v < min || v > max) {
            throw bad(c, path, "must be between " + min + " and " + max);
        }
        return v;
    }

    private static long bytesIn(Config c, String path, long min, long max) {
        long v = c.getBytes(path);
        if (v < min || v > max) {
            throw bad(c, path, "must be at least " + min + " byte");
        }
        return v;
    }

    private static ConfigException.BadValue bad(Config c, String path, String message) {
        return new ConfigException.BadValue(c.getValue(path).origin(), path, message);
    }
}
