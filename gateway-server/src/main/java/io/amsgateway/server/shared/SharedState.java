package io.amsgateway.server.shared;

import io.amsgateway.core.concurrent.DaemonThreads;
import io.amsgateway.server.config.SharedStateConfig;
import io.amsgateway.server.metrics.SharedStateMetrics;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the shared-state Redis (standalone, Sentinel or Cluster; TLS, ACL user,
 * password from a file) on Lettuce's own threads, and the record of its availability.
 *
 * <p>Nothing here blocks a caller or the start: the first connection is made in the background
 * and retried every few seconds until it succeeds; afterwards Lettuce reconnects by itself. While
 * disconnected, commands fail at once ({@code REJECT_COMMANDS}) rather than queue, and every
 * command has {@code command-timeout}, so a user of {@link #commands()} always gets an answer or a
 * failure in bounded time and takes its local fallback. An outage is logged once per use (WARN),
 * its end once (INFO), and every local decision is counted ({@link SharedStateMetrics}).
 *
 * <p>Thread-safe.
 */
public final class SharedState implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedState.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final String CONNECT = "connect";

    private final SharedStateConfig cfg;
    private final @Nullable SharedStateMetrics metrics;
    private final @Nullable ClientResources resources;
    private final @Nullable RedisClient client;
    private final @Nullable RedisClusterClient clusterClient;
    private final @Nullable ScheduledExecutorService connector;
    private final Map<String, AtomicBoolean> down = new ConcurrentHashMap<>();
    private volatile @Nullable Connected connected;
    private volatile boolean closed;

    /** An open connection: its commands and Bucket4j's proxy manager over it. */
    private record Connected(
            StatefulConnection<byte[], byte[]> connection,
            RedisClusterAsyncCommands<byte[], byte[]> commands,
            AsyncProxyManager<byte[]> buckets) {}

    private SharedState(SharedStateConfig cfg, @Nullable PrometheusRegistry registry) {
        this.cfg = cfg;
        this.metrics =
                registry == null ? null : new SharedStateMetrics(registry, () -> cfg.redisEnabled() && !connected());
        if (!cfg.redisEnabled()) {
            this.resources = null;
            this.client = null;
            this.clusterClient = null;
            this.connector = null;
            return;
        }
        SharedStateConfig.Redis r = cfg.redis();
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Lettuce reconnects by itself; at most RETRY apart, so sharing resumes soon after Redis is back.
                .reconnectDelay(io.lettuce.core.resource.Delay.exponential(
                        Duration.ofMillis(50), RETRY, 2, TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket =
                SocketOptions.builder().connectTimeout(r.connectTimeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(r.commandTimeout());
        SslOptions ssl = r.caFile()
                .map(ca -> SslOptions.builder()
                        .jdkSslProvider()
                        .trustManager(ca.toFile())
                        .build())
                .orElse(SslOptions.create());
        List<RedisURI> uris = r.uris().stream().map(this::redisUri).toList();
        if (r.cluster()) {
            this.client = null;
            this.clusterClient = RedisClusterClient.create(resources, uris);
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .sslOptions(ssl)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
        } else {
            this.clusterClient = null;
            this.client = RedisClient.create(resources);
            client.setOptions(ClientOptions.builder()
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .sslOptions(ssl)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
        }
        this.connector = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("shared-state-connect"));
        connector.execute(() -> connect(uris));
    }

    /** In memory (per replica): no connection, nothing to close, no metrics. */
    public static SharedState memory() {
        return new SharedState(SharedStateConfig.MEMORY, null);
    }

    /**
     * Shared state as {@code cfg} says, its metrics registered in {@code registry} (in both modes);
     * for Redis, starts connecting in the background (the call returns at once).
     */
    public static SharedState start(SharedStateConfig cfg, PrometheusRegistry registry) {
        return new SharedState(cfg, registry);
    }

    /** The configuration. */
    public SharedStateConfig config() {
        return cfg;
    }

    /** Whether shared state is on Redis (else everything is per replica). */
    public boolean redisEnabled() {
        return cfg.redisEnabled();
    }

    /** Whether the connection is open now. */
    public boolean connected() {
        Connected c = connected;
        return c != null && c.connection().isOpen();
    }

    /** The key for {@code name}, under the configured prefix. */
    public byte[] key(String name) {
        return (cfg.redis().keyPrefix() + name).getBytes(StandardCharsets.UTF_8);
    }

    /** The commands, or null while no connection has been made yet (the caller falls back). */
    public @Nullable RedisClusterAsyncCommands<byte[], byte[]> commands() {
        Connected c = connected;
        return c == null ? null : c.commands();
    }

    /** Bucket4j's buckets on Redis, or null while no connection has been made yet. */
    public @Nullable AsyncProxyManager<byte[]> buckets() {
        Connected c = connected;
        return c == null ? null : c.buckets();
    }

    /**
     * A bound on any one Redis call as seen by its user: the command timeout and a little more, for
     * a future that Lettuce itself never completes.
     */
    public Duration callTimeout() {
        return cfg.redis().commandTimeout().plusMillis(100);
    }

    /** {@code f} failed by {@link java.util.concurrent.TimeoutException} after {@link #callTimeout()}. */
    public <T> CompletableFuture<T> bounded(CompletableFuture<T> f) {
        return f.orTimeout(callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Notes that a Redis call of {@code use} failed and was decided locally: counted every time,
     * logged once until {@link #succeeded} says it works again.
     *
     * @param fallback what this replica does meanwhile, for the log line
     */
    public void failed(String use, Throwable cause, String fallback) {
        if (metrics != null && !CONNECT.equals(use)) {
            metrics.fallback(use);
        }
        if (flag(use).compareAndSet(false, true)) {
            log.warn(
                    "shared state (Redis) unavailable for {}: {}; {} until it answers again (said once per outage)",
                    use,
                    describe(cause),
                    fallback);
        }
    }

    /** Notes that a Redis call of {@code use} worked; logs the end of an outage once. */
    public void succeeded(String use) {
        AtomicBoolean f = down.get(use);
        if (f != null && f.compareAndSet(true, false)) {
            log.info("shared state (Redis) answers again for {}: decisions are shared between replicas again", use);
        }
    }

    private AtomicBoolean flag(String use) {
        return down.computeIfAbsent(use, u -> new AtomicBoolean());
    }

    private static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                        || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        // Lettuce's and Redis's messages name hosts, commands and WRONGPASS, never the password.
        String text = one(c);
        Throwable root = c;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == c ? text : text + ": " + one(root);
    }

    private static String one(Throwable c) {
        String m = c.getMessage();
        return c.getClass().getSimpleName()
                + (m == null ? "" : " (" + m.lines().findFirst().orElse("") + ")");
    }

    private RedisURI redisUri(URI u) {
        SharedStateConfig.Redis r = cfg.redis();
        RedisURI uri = RedisURI.create(u.toString());
        uri.setTimeout(r.commandTimeout());
        if (r.username().isPresent() || r.passwordFile().isPresent()) {
            // Read at connect time (and on every reconnect), so a rotated Secret is picked up.
            uri.setCredentialsProvider(() -> reactor.core.publisher.Mono.fromSupplier(
                    () -> RedisCredentials.just(r.username().orElse(null), password())));
        }
        for (RedisURI sentinel : uri.getSentinels()) {
            sentinel.setTimeout(r.commandTimeout());
        }
        return uri;
    }

    private char @Nullable [] password() {
        if (cfg.redis().passwordFile().isEmpty()) {
            return null;
        }
        try {
            String s = Files.readString(cfg.redis().passwordFile().get(), StandardCharsets.UTF_8);
            return s.strip().toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("gateway.shared-state.redis.password-file cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private void connect(List<RedisURI> uris) {
        if (closed) {
            return;
        }
        CompletableFuture<? extends StatefulConnection<byte[], byte[]>> f = clusterClient != null
                ? clusterClient.connectAsync(ByteArrayCodec.INSTANCE)
                : client.connectAsync(ByteArrayCodec.INSTANCE, uris.get(0)).toCompletableFuture();
        f.whenComplete((c, e) -> {
            if (e != null) {
                failed(CONNECT, e, "notifications are de-duplicated per replica and shared limits counted per replica");
                ScheduledExecutorService s = connector;
                if (!closed && s != null) {
                    s.schedule(() -> connect(uris), RETRY.toMillis(), TimeUnit.MILLISECONDS);
                }
                return;
            }
            if (closed) {
                c.closeAsync();
                return;
            }
            connected = connectedOf(c);
            succeeded(CONNECT);
            log.info("shared state: connected to Redis ({})", cfg.summary());
        });
    }

    @SuppressWarnings("unchecked")
    private Connected connectedOf(StatefulConnection<byte[], byte[]> c) {
        Duration ttl = Duration.ofMinutes(10);
        ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(ttl);
        if (c instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return new Connected(
                    c,
                    cluster.async(),
                    Bucket4jLettuce.casBasedBuilder(cluster)
                            .expirationAfterWrite(expiry)
                            .requestTimeout(cfg.redis().commandTimeout())
                            .build()
                            .asAsync());
        }
        StatefulRedisConnection<byte[], byte[]> single = (StatefulRedisConnection<byte[], byte[]>) c;
        return new Connected(
                c,
                single.async(),
                Bucket4jLettuce.casBasedBuilder(single)
                        .expirationAfterWrite(expiry)
                        .requestTimeout(cfg.redis().commandTimeout())
                        .build()
                        .asAsync());
    }

    /** Closes the connection and Lettuce's threads (bounded: a few seconds at most). */
    @Override
    public void close() {
        closed = true;
        if (connector != null) {
            connector.shutdownNow();
        }
        Connected c = connected;
        connected = null;
        if (c != null) {
            c.connection().close();
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (clusterClient != null) {
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
