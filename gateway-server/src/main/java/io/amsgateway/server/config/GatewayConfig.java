package io.amsgateway.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.crypto.ProviderMode;
import io.amsgateway.core.protocol.SandboxRewrite;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The gateway's configuration as typed records. {@link ConfigLoader} is the only class that reads
 * {@link Config}.
 *
 * <p>Loaded once at start-up: {@code reference.conf} (from {@code config/}) gives every default,
 * the operator's file and the environment override it, unknown and mistyped keys are rejected,
 * and values are checked, failing with a message that names the key. Nothing reads configuration
 * on the request path.
 *
 * @param crypto crypto provider selection
 * @param sandbox the sandbox path rewrite
 * @param listener the callers' listener
 * @param admin the admin listener
 * @param drainTimeout how long in-flight calls may finish after SIGTERM
 * @param profiles client profiles by name, in configuration order
 * @param defaultProfile the profile for callers that send no Client-Id
 * @param notifications the notification ingress
 * @param keys the key cache and start-up wait
 * @param vault the Vault client's settings, present when a profile uses Vault
 * @param edge the caller edge: listener TLS, Unix socket, read timeouts, caller rules, limits
 * @param tracing span export ({@link TracingConfig#OFF} by default)
 */
public record GatewayConfig(
        CryptoConfig crypto,
        SandboxRewrite sandbox,
        ListenerConfig listener,
        AdminConfig admin,
        Duration drainTimeout,
        Map<String, ProfileConfig> profiles,
        Optional<String> defaultProfile,
        NotificationsConfig notifications,
        KeysConfig keys,
        Optional<io.amsgateway.core.vault.VaultConfig> vault,
        EdgeConfig edge,
        TracingConfig tracing) {

    /** {@code gateway.crypto}. */
    public record CryptoConfig(ProviderMode provider) {}

    public GatewayConfig {
        profiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(profiles));
    }

    /** Loads the default configuration (system properties, {@code -Dconfig.file}, reference). */
    public static GatewayConfig load() {
        ConfigFactory.invalidateCaches();
        return from(ConfigFactory.load());
    }

    /** Validates {@code root} and builds the records. */
    public static GatewayConfig from(Config root) {
        return ConfigLoader.load(root);
    }

    /** The effective configuration for people: every value, with key material masked. */
    public String redacted() {
        String ps = profiles.values().stream()
                .map(p -> "  profile " + p.name() + ": client-id=" + p.clientId() + ", key-version="
                        + p.keyVersionText() + ", algorithm=" + p.algorithm() + ", key-source=" + p.keySource()
                        + ", upstream=" + p.upstream().url() + " (ca-file="
                        + p.upstream().caFile() + ", connect-timeout="
                        + p.upstream().connectTimeout() + ", response-timeout="
                        + p.upstream().responseTimeout()
                        + ", max-connections=" + p.upstream().maxConnections() + ")"
                        + ", encryption="
                        + (p.encryption().enabled()
                                ? "RSA_AES-" + p.encryption().aesKeyBits()
                                : "off")
                        + ", sandbox=" + p.sandbox().mode())
                .collect(Collectors.joining("\n"));
        return "crypto.provider=" + crypto.provider().name().toLowerCase(java.util.Locale.ROOT)
                + "\nsandbox=" + sandbox.mode() + " production-only-prefixes=" + sandbox.productionOnlyPrefixes()
                + "\nlistener=" + listener.host() + ":" + listener.port() + " max-body-size=" + listener.maxBodySize()
                + " idle-timeout=" + listener.idleTimeout()
                + "\nadmin=" + admin.host() + ":" + admin.port()
                + "\nshutdown.drain-timeout=" + drainTimeout
                + "\ndefault-profile=" + defaultProfile.orElse("(none)")
                + "\nnotifications="
                + (notifications.enabled()
                        ? notifications.pathPrefix() + " -> " + notifications.forwardUrl() + " (max-age "
                                + notifications.maxAge() + ", dedup-window " + notifications.dedupWindow() + ")"
                        : "off")
                + "\nkeys: refresh-after=" + keys.cache().refreshAfter() + " expire-after="
                + keys.cache().expireAfter() + " not-found-ttl=" + keys.cache().notFoundTtl() + " startup-timeout="
                + keys.startupTimeout()
                + " signer-circuit=" + keys.circuitReadiness().name().toLowerCase(java.util.Locale.ROOT) + " ("
                + keys.signerCircuit() + ")"
                + "\nvault="
                + vault.map(v -> v.address() + " (namespace " + v.namespace() + ", ca-file " + v.caPemFile()
                                + ", request-timeout " + v.requestTimeout() + ", auth " + v.auth() + ")")
                        .orElse("(not used)")
                + "\nedge: " + edge.summary()
                + "\ntracing="
                + (tracing.enabled()
                        ? tracing.endpoint() + " (sample-ratio " + tracing.sampleRatio() + ", service-name "
                                + tracing.serviceName() + ")"
                        : "off")
                + "\nprofiles:" + (ps.isEmpty() ? " (none)" : "\n" + ps);
    }
}
