package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads and checks {@code gateway.shared-state}; every error names the key and says what to write. */
final class SharedStateConfigLoader {
    private static final String BASE = "gateway.shared-state";
    private static final Set<String> SINGLE = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");
    private static final Set<String> CLUSTER = Set.of("redis", "rediss");

    private SharedStateConfigLoader() {}

    static SharedStateConfig load(Config root) {
        String typeKey = BASE + ".type";
        SharedStateConfig.Type type;
        try {
            type = SharedStateConfig.Type.parse(root.getString(typeKey));
        } catch (IllegalArgumentException e) {
            throw bad(root, typeKey, e.getMessage());
        }
        String replicasKey = BASE + ".expected-replicas";
        int replicas = root.getInt(replicasKey);
        if (replicas < 1 || replicas > 10_000) {
            throw bad(root, replicasKey, "must be between 1 and 10000 (the number of replicas sharing the limits)");
        }
        String r = BASE + ".redis";
        boolean cluster = root.getBoolean(r + ".cluster");
        List<URI> uris = new ArrayList<>();
        String uri = root.getString(r + ".uri").trim();
        if (!uri.isEmpty()) {
            uris.add(uri(root, r + ".uri", uri));
        }
        for (String node : root.getStringList(r + ".cluster-nodes")) {
            uris.add(uri(root, r + ".cluster-nodes", node.trim()));
        }
        Duration connect = positive(root, r + ".connect-timeout");
        Duration command = positive(root, r + ".command-timeout");
        if (command.compareTo(Duration.ofSeconds(10)) > 0) {
            throw bad(root, r + ".command-timeout", "must be at most 10s: a caller waits this long when Redis hangs");
        }
        String prefix = root.getString(r + ".key-prefix");
        if (!prefix.matches("[A-Za-z0-9:_.{}-]{0,64}")) {
            throw bad(root, r + ".key-prefix", "must be up to 64 letters, digits or : _ . - { }");
        }
        Optional<Path> ca = file(root, r + ".ca-file", "a PEM bundle of the CAs that sign Redis's certificate");
        Optional<Path> password = file(root, r + ".password-file", "the file that holds the Redis password");
        String user = root.getString(r + ".username").trim();
        if (!user.isEmpty() && !user.matches("[\\x21-\\x7e]{1,128}")) {
            throw bad(root, r + ".username", "must be printable ASCII without spaces");
        }
        if (type == SharedStateConfig.Type.REDIS) {
            if (uris.isEmpty()) {
                throw bad(
                        root,
                        r + ".uri",
                        "is required when " + typeKey + " = redis: redis://host:6379, rediss://host:6380,"
                                + " redis-sentinel://host:26379#mymaster, or cluster = true with seed nodes");
            }
            if (!cluster && uris.size() > 1) {
                throw bad(
                        root, r + ".cluster-nodes", "seed nodes are for a Redis Cluster: set " + r + ".cluster = true");
            }
            String first = uris.get(0).getScheme();
            for (URI u : uris) {
                String key = u == uris.get(0) && !uri.isEmpty() ? r + ".uri" : r + ".cluster-nodes";
                if (cluster && !CLUSTER.contains(u.getScheme())) {
                    throw bad(root, key, "a cluster's seed nodes are redis:// or rediss:// URIs, not " + u.getScheme());
                }
                if (!u.getScheme().equals(first)) {
                    throw bad(root, key, "every seed node must use the same scheme (" + first + ")");
                }
            }
            if (ca.isPresent() && !first.startsWith("rediss")) {
                throw bad(root, r + ".ca-file", "is for TLS: use a rediss:// or rediss-sentinel:// URI");
            }
        }
        return new SharedStateConfig(
                type,
                replicas,
                new SharedStateConfig.Redis(
                        uris,
                        cluster,
                        ca,
                        user.isEmpty() ? Optional.empty() : Optional.of(user),
                        password,
                        connect,
                        command,
                        prefix));
    }

    private static URI uri(Config root, String key, String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(root, key, "is not a URI (" + e.getReason() + ")");
        }
        if (u.getScheme() == null || !SINGLE.contains(u.getScheme())) {
            throw bad(
                    root,
                    key,
                    "must start with redis://, rediss://, redis-sentinel:// or rediss-sentinel://, not '"
                            + u.getScheme() + "'");
        }
        if (u.getRawAuthority() == null) {
            throw bad(root, key, "names no host: redis://host:6379");
        }
        if (u.getRawUserInfo() != null) {
            throw bad(
                    root,
                    key,
                    "must not carry a user or password: put the user in " + BASE + ".redis.username and the password"
                            + " in the file " + BASE + ".redis.password-file");
        }
        if (u.getScheme().endsWith("sentinel")
                && (u.getFragment() == null || u.getFragment().isEmpty())) {
            throw bad(root, key, "a Sentinel URI names the master after '#': redis-sentinel://host:26379#mymaster");
        }
        return u;
    }

    private static Optional<Path> file(Config root, String key, String what) {
        String s = root.getString(key).trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Path p = Path.of(s);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw bad(root, key, s + " is not a readable file; it should be " + what);
        }
        return Optional.of(p);
    }

    private static Duration positive(Config c, String path) {
        Duration d = c.getDuration(path);
        if (d.isNegative() || d.isZero()) {
            throw bad(c, path, "must be positive");
        }
        return d;
    }

    private static ConfigException.BadValue bad(Config c, String path, String message) {
        return new ConfigException.BadValue(c.getValue(path).origin(), path, message);
    }
}
