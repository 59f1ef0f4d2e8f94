package io.amsgateway.core.testing.vault;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An in-process fake of HashiCorp Vault's HTTP API on {@code 127.0.0.1} and an ephemeral port: KV
 * v2, Transit RSA signing, Kubernetes and AppRole login, {@code renew-self} and {@code
 * lookup-self}, with Vault's status codes and bodies (see {@code package-info}). Seed it from
 * Java, switch faults on and off at any time, and assert on the counters and request log:
 *
 * <pre>{@code
 * try (FakeVault vault = FakeVault.start()) {
 *     vault.kvPut("secret", "ams/merchant", Map.of("private_key", pem));
 *     // ... point the client at vault.uri() with vault.rootToken() ...
 *     assertThat(vault.kvReads()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Tokens, credentials and keys never appear in its logs or exceptions.
 */
public final class FakeVault implements AutoCloseable {
    /** The fault switches, read by the handler on every request. */
    static final class Switches {
        volatile boolean sealed;
        volatile boolean rateLimited;
        volatile Duration delay = Duration.ZERO;
        volatile @Nullable String namespace;
    }

    private final Switches switches = new Switches();
    private final FakeClock clock = new FakeClock();
    private final KvEngine kv = new KvEngine(clock);
    private final TransitEngine transit = new TransitEngine(clock);
    private final AuthBackend auth = new AuthBackend(clock);
    private final RequestLog log = new RequestLog();
    private final @Nullable SelfSignedTls tls;
    private final VaultServer server;

    private FakeVault(@Nullable SelfSignedTls tls) {
        this.tls = tls;
        this.server = new VaultServer(tls, new VaultHandler(switches, kv, transit, auth, log));
    }

    /** Starts a plain-HTTP fake. */
    public static FakeVault start() {
        return new FakeVault(null);
    }

    /** Starts an HTTPS fake with a fresh self-signed certificate; trust {@link #caPemPath()}. */
    public static FakeVault startTls() {
        try {
            return new FakeVault(SelfSignedTls.create());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make the fake Vault's certificate", e);
        }
    }

    /** {@code http[s]://127.0.0.1:<port>}, stable across {@link #down()} and {@link #up()}. */
    public URI uri() {
        return server.uri();
    }

    /** The PEM file of the self-signed certificate of a {@link #startTls()} fake. */
    public Path caPemPath() {
        if (tls == null) {
            throw new IllegalStateException("this fake Vault is plain HTTP; use startTls()");
        }
        return tls.caPem;
    }

    /** A root token: every policy, never expires, not renewable. */
    public String rootToken() {
        return auth.root().id();
    }

    /** Enables a KV v2 mount with no secrets yet ({@link #kvPut} enables its mount too). */
    public FakeVault kvMount(String mount) {
        kv.mount(trim(mount));
        return this;
    }

    /** Writes a new version of a KV v2 secret and returns its version number. */
    public int kvPut(String mount, String path, Map<String, ?> data) {
        return kv.put(trim(mount), trim(path), VaultJson.MAPPER.valueToTree(data));
    }

    /** Soft-deletes one version of a KV v2 secret, as {@code POST <mount>/delete/<path>} does. */
    public void kvDelete(String mount, String path, int version) {
        kv.delete(trim(mount), trim(path), version);
    }

    /** Creates an RSA Transit key with {@code pair} as version 1. */
    public void transitCreateKey(String mount, String name, KeyPair pair) {
        transit.create(trim(mount), name, pair);
    }

    /** Creates an RSA-2048 Transit key with a fresh key pair as version 1. */
    public void transitCreateKey(String mount, String name) {
        transitCreateKey(mount, name, TransitEngine.generate(2048));
    }

    /** Adds {@code pair} as the next version of a Transit key; returns the new version. */
    public int transitRotate(String mount, String name, KeyPair pair) {
        return transit.rotate(trim(mount), name, pair);
    }

    /** Adds a fresh RSA-2048 version to a Transit key; returns the new version. */
    public int transitRotate(String mount, String name) {
        return transitRotate(mount, name, TransitEngine.generate(2048));
    }

    /** A Kubernetes auth role at {@code auth/<mount>} that accepts exactly {@code jwt}. */
    public void kubernetesRole(String mount, String role, String jwt, String... policies) {
        auth.kubernetesRole(trim(mount), role, jwt, List.of(policies));
    }

    /** An AppRole at {@code auth/<mount>} with this role ID and secret ID. */
    public void appRole(String mount, String roleId, String secretId, String... policies) {
        auth.appRole(trim(mount), roleId, secretId, List.of(policies));
    }

    /** TTL of tokens issued from now on (default 1 h); renewals stop at {@code maxTtl} (default 768 h). */
    public void tokenTtl(Duration ttl, Duration maxTtl) {
        auth.ttl(ttl, maxTtl);
    }

    /** {@link #tokenTtl(Duration, Duration)} with the default max TTL of 768 h. */
    public void tokenTtl(Duration ttl) {
        tokenTtl(ttl, Duration.ofHours(768));
    }

    /** Moves the fake's clock forward (token expiry), without sleeping. */
    public void advanceClock(Duration by) {
        clock.advance(by);
    }

    /** Requires {@code X-Vault-Namespace: <namespace>} on every request (403 otherwise); null: off. */
    public void namespace(@Nullable String namespace) {
        switches.namespace = namespace == null ? null : trim(namespace);
    }

    /** While sealed every request gets 503 {@code {"errors":["Vault is sealed"]}}. */
    public void sealed(boolean sealed) {
        switches.sealed = sealed;
    }

    /** While rate-limited every request gets 429 with Vault's quota message. */
    public void rateLimited(boolean rateLimited) {
        switches.rateLimited = rateLimited;
    }

    /** A delay before every answer (zero: none). */
    public void delay(Duration delay) {
        switches.delay = delay;
    }

    /** Stops answering: closes the listening socket and every open connection. */
    public void down() {
        server.down();
    }

    /** Listens again, on the same port, after {@link #down()}. */
    public void up() {
        server.up();
    }

    /** Requests received for {@code operation}, whatever they were answered. */
    public long count(VaultOperation operation) {
        return log.count(operation);
    }

    public long kvReads() {
        return count(VaultOperation.KV_READ);
    }

    public long metadataReads() {
        return count(VaultOperation.KV_METADATA_READ);
    }

    public long transitSigns() {
        return count(VaultOperation.TRANSIT_SIGN);
    }

    public long logins() {
        return count(VaultOperation.LOGIN);
    }

    public long renewals() {
        return count(VaultOperation.TOKEN_RENEW_SELF);
    }

    /** Every request received so far, oldest first. */
    public List<VaultRequestRecord> requests() {
        return log.records();
    }

    /** Forgets the counters and the request log (not the secrets, keys or tokens). */
    public void resetRequests() {
        log.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    private static String trim(String s) {
        return s.replaceAll("^/+|/+$", "");
    }

    @Override
    public String toString() {
        return "FakeVault[" + uri() + "]";
    }
}
