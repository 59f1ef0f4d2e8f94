package io.amsgateway.core.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.concurrent.DaemonThreads;
import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.vault.VaultException.Kind;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous client for the few Vault operations the gateway needs: KV version 2 reads,
 * Transit public keys and Transit signatures.
 *
 * <p>Every operation returns at once with a {@link CompletableFuture} completed on the client's
 * own threads; nothing blocks the calling thread, which may be a Netty event loop. The token is
 * obtained lazily on first use (one login however many calls arrive together), renewed when about
 * two thirds of its lease have passed, and replaced by a new login when a renewal fails. A call
 * that Vault refuses with 403 logs in again once and is retried once; a second 403 fails it.
 *
 * <p>Futures fail with {@link VaultException} (of kind {@code NOT_FOUND} where a KV version,
 * secret or Transit key does not exist: the key sources turn that into their own "not found");
 * messages name the operation and the path, never a token,
 * secret value or key. Thread-safe; {@link #close()} stops its threads.
 *
 * <pre>{@code
 * VaultClient vault = VaultClient.create(VaultConfig.of(URI.create("https://vault:8200"),
 *         VaultAuth.Kubernetes.ofRole("ams-gateway")), VaultClient.Listener.NONE);
 * vault.kvRead("secret", "ams/SANDBOX_5X00000000000000", 2).thenAccept(s -> ...);
 * }</pre>
 */
public final class VaultClient implements AutoCloseable {
    /**
     * Receives events for metrics. Called on the client's threads; implementations must be quick,
     * thread-safe and must not throw.
     */
    public interface Listener {
        /** A listener that ignores everything. */
        Listener NONE = new Listener() {};

        /** One HTTP exchange ended: {@code status} 0 means no answer (unreachable, timeout). */
        default void onRequest(String operation, int status, long nanos) {}

        /** A login failed, or Vault refused the token on a call ({@code method} as in {@link VaultAuth#method()}). */
        default void onAuthFailure(String method) {}

        /** A login succeeded. */
        default void onLogin(String method) {}

        /** A token renewal ended. */
        default void onRenewal(boolean ok) {}
    }

    private final VaultHttp http;
    private final TokenManager tokens;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;

    private VaultClient(VaultConfig config, Listener listener) {
        this.executor = Executors.newCachedThreadPool(DaemonThreads.named("vault-http"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("vault-renew"));
        HttpClient.Builder b = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.caPemFile() != null) {
            b.sslContext(VaultTls.trusting(config.caPemFile()));
        }
        if (config.proxy() != null) {
            b.proxy(java.net.ProxySelector.of(java.net.InetSocketAddress.createUnresolved(
                    config.proxy().host(), config.proxy().port())));
        }
        this.http = new VaultHttp(b.build(), config, executor, listener);
        this.tokens = new TokenManager(config.auth(), http, listener, scheduler);
    }

    /**
     * Creates a client. Reads the CA file, if any, on the calling thread: call it at start-up.
     * Nothing is sent to Vault until the first operation.
     *
     * @throws IllegalArgumentException if the CA file cannot be read or holds no certificate
     */
    public static VaultClient create(VaultConfig config, Listener listener) {
        return new VaultClient(config, listener);
    }

    /**
     * Reads version {@code version} (the current one when null) of the KV version 2 secret at
     * {@code path}. Fails with a {@code NOT_FOUND} {@link VaultException} when the secret or version does not
     * exist, or the version is deleted or destroyed; with {@link VaultException} ({@code
     * BAD_RESPONSE}) when a field's value is not a string.
     *
     * @param version the version, 1 or more, or null for the current one
     */
    public CompletableFuture<KvSecret> kvRead(String mount, String path, @Nullable Integer version) {
        if (version != null && version < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("KV versions start at 1"));
        }
        return withPath(() -> "/v1" + VaultPaths.join(mount, "data", path), apiPath -> {
            String where = VaultHttp.describe("kv-read", apiPath) + (version == null ? "" : " version " + version);
            String query = version == null ? "" : "?version=" + version;
            return notFound(call("kv-read", apiPath + query, null), where)
                    .thenApply(json -> VaultAnswers.kvSecret(json, where, Instant.now()));
        });
    }

    /** Reads the metadata of the KV version 2 secret at {@code path} (404: {@code NOT_FOUND}). */
    public CompletableFuture<KvMetadata> kvMetadata(String mount, String path) {
        return withPath(() -> "/v1" + VaultPaths.join(mount, "metadata", path), apiPath -> {
            String where = VaultHttp.describe("kv-metadata", apiPath);
            return notFound(call("kv-metadata", apiPath, null), where)
                    .thenApply(json -> VaultAnswers.kvMetadata(json, where, Instant.now()));
        });
    }

    /** Reads the public keys of the Transit key {@code key} (404: {@code NOT_FOUND}). */
    public CompletableFuture<TransitKey> transitKey(String mount, String key) {
        return withPath(() -> "/v1" + VaultPaths.join(mount, "keys", key), apiPath -> {
            String where = VaultHttp.describe("transit-key", apiPath);
            return notFound(call("transit-key", apiPath, null), where)
                    .thenApply(json -> VaultAnswers.transitKey(json, where));
        });
    }

    /**
     * Signs {@code input} with version {@code keyVersion} of the Transit key {@code key}: SHA-256,
     * RSASSA-PKCS1-v1_5 (Transit's RSA default is PSS, which Alipay rejects), input not prehashed.
     * Completes with the raw signature bytes, after checking that Vault's {@code vault:vN:}
     * prefix names {@code keyVersion}. The signature is not verified here: see {@code
     * TransitSigner}.
     */
    public CompletableFuture<byte[]> transitSign(String mount, String key, int keyVersion, byte[] input) {
        ObjectNode body = VaultHttp.JSON
                .createObjectNode()
                .put("input", Base64.getEncoder().encodeToString(input))
                .put("key_version", keyVersion)
                .put("hash_algorithm", "sha2-256")
                .put("signature_algorithm", "pkcs1v15")
                .put("prehashed", false);
        return withPath(() -> "/v1" + VaultPaths.join(mount, "sign", key, "sha2-256"), apiPath -> {
            String where = VaultHttp.describe("transit-sign", apiPath) + " version " + keyVersion;
            return call("transit-sign", apiPath, body)
                    .thenApply(json -> VaultAnswers.signature(json, where, keyVersion));
        });
    }

    /** A call with the current token; on a 403, one new login and one retry. */
    private CompletableFuture<JsonNode> call(String operation, String path, @Nullable ObjectNode body) {
        return tokens.token()
                .thenCompose(token -> http.send(operation, path, body, token).exceptionallyCompose(failure -> {
                    Throwable cause = Futures.unwrap(failure);
                    if (cause instanceof VaultException v && v.kind() == Kind.DENIED) {
                        tokens.refused();
                        return tokens.replace(token).thenCompose(fresh -> http.send(operation, path, body, fresh));
                    }
                    return CompletableFuture.failedFuture(cause);
                }));
    }

    /** A 404 as a {@code NOT_FOUND} that names what was not found. */
    private static CompletableFuture<JsonNode> notFound(CompletableFuture<JsonNode> f, String where) {
        return f.exceptionallyCompose(failure -> {
            Throwable cause = Futures.unwrap(failure);
            if (cause instanceof VaultException v && v.kind() == Kind.NOT_FOUND) {
                return CompletableFuture.failedFuture(
                        new VaultException(Kind.NOT_FOUND, v.status(), where + ": not found (HTTP 404)", null));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static <T> CompletableFuture<T> withPath(
            java.util.function.Supplier<String> path, Function<String, CompletableFuture<T>> then) {
        String p;
        try {
            p = path.get();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return then.apply(p);
    }

    /** Stops renewing and releases the client's threads. Idempotent. */
    @Override
    public void close() {
        tokens.close();
        scheduler.shutdownNow();
        executor.shutdown();
    }
}
