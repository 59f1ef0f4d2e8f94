package io.amsgateway.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code gateway.shared-state}: where notification de-duplication and the limits marked {@code
 * shared} keep their state: in this process ({@link Type#MEMORY}, the default: per replica) or in
 * Redis (or Valkey), shared by every replica.
 *
 * @param type memory or redis
 * @param expectedReplicas how many replicas share a shared limit; while Redis cannot be reached
 *     each replica allows {@code 1/expectedReplicas} of it
 * @param redis the Redis connection (used when {@code type} is {@link Type#REDIS})
 */
public record SharedStateConfig(Type type, int expectedReplicas, Redis redis) {

    /** Where shared state lives. */
    public enum Type {
        MEMORY,
        REDIS;

        static Type parse(String s) {
            return switch (s) {
                case "memory" -> MEMORY;
                case "redis" -> REDIS;
                default -> throw new IllegalArgumentException("must be memory or redis, not '" + s + "'");
            };
        }
    }

    /** In memory: the default. */
    public static final SharedStateConfig MEMORY = new SharedStateConfig(
            Type.MEMORY,
            1,
            new Redis(
                    List.of(),
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofSeconds(2),
                    Duration.ofMillis(500),
                    "ams-gateway:"));

    /** Whether state is shared through Redis. */
    public boolean redisEnabled() {
        return type == Type.REDIS;
    }

    /** One line for the start-up log and check-config: no secrets (the password stays in its file). */
    public String summary() {
        if (type == Type.MEMORY) {
            return "shared-state memory (per replica)";
        }
        return "shared-state redis "
                + redis.uris().stream().map(Redis::withoutUserInfo).toList()
                + (redis.cluster() ? " (cluster)" : "") + ", tls ca "
                + redis.caFile().map(Path::toString).orElse("default")
                + ", user " + redis.username().orElse("default") + ", password "
                + (redis.passwordFile().isPresent() ? "from file" : "none") + ", command-timeout "
                + redis.commandTimeout() + ", expected-replicas " + expectedReplicas;
    }

    /**
     * {@code gateway.shared-state.redis}.
     *
     * @param uris one {@code redis://}, {@code rediss://}, {@code redis-sentinel://} or {@code
     *     rediss-sentinel://} URI, or the seed nodes of a cluster ({@code redis://} or {@code
     *     rediss://}); never with a password in them
     * @param cluster whether {@code uris} are the seed nodes of a Redis Cluster
     * @param caFile PEM CA bundle for {@code rediss}; empty: the JVM's trust store
     * @param username ACL user; empty: the default user
     * @param passwordFile file holding the password (AUTH); empty: none
     * @param connectTimeout how long a connection may take
     * @param commandTimeout how long any one command may take before the fallback is used
     * @param keyPrefix put before every key the gateway writes
     */
    public record Redis(
            List<URI> uris,
            boolean cluster,
            Optional<Path> caFile,
            Optional<String> username,
            Optional<Path> passwordFile,
            Duration connectTimeout,
            Duration commandTimeout,
            String keyPrefix) {
        public Redis {
            uris = List.copyOf(uris);
        }

        static String withoutUserInfo(URI u) {
            return u.getScheme() + "://" + u.getRawAuthority().replaceFirst("^[^@]*@", "")
                    + (u.getRawPath() == null ? "" : u.getRawPath())
                    + (u.getRawFragment() == null ? "" : "#" + u.getRawFragment());
        }
    }
}
