package io.amsgateway.server.metrics;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.ResultStatus;
import io.amsgateway.core.key.KeyCacheListener;
import io.amsgateway.core.vault.VaultClient;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The gateway's metrics, in a {@link PrometheusRegistry} of its own (never the global default,
 * so tests can create as many as they like).
 *
 * <p>Per proxied call the proxy calls {@link #callStarted()}, then exactly one of {@link
 * #recordCall} (Alipay answered and the answer verified) or {@link #recordCallError} (the gateway
 * answered with an {@link ErrorCode}), then {@link #callEnded()}. Errors that happen before a
 * call has a profile (unknown client, no route) are counted with {@link #recordError} alone.
 * Durations are passed as nanoseconds from {@link System#nanoTime()} and exported in seconds.
 *
 * <p>Label values are profile names, {@link ApiLabels API labels}, outcomes, error codes and
 * verification reasons only: never key material, signatures, bodies or card data.
 *
 * <p>Thread-safe; every recording method is lock-free and cheap enough for an event loop.
 * {@link #scrape(OutputStream)} may run concurrently with recording.
 */
public final class GatewayMetrics {
    /** The {@code Content-Type} of {@link #scrape(OutputStream)}'s output. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /** The {@code outcome} label of a call that ended in a gateway error. */
    public static final String OUTCOME_ERROR = "error";
    /** The most distinct {@code api} label values; later ones are counted as {@code other}. */
    public static final int MAX_API_LABELS = 200;

    /** Whole calls and upstream round trips: 0.5 ms to 10 s. */
    private static final double[] CALL_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };
    /** Signing and verifying: local RSA is ~10-250 us, Vault Transit a network round trip. */
    private static final double[] CRYPTO_BUCKETS = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final ApiLabels apiLabels = new ApiLabels(MAX_API_LABELS);
    private final Map<String, PoolGauges> pools = new ConcurrentHashMap<>();
    private final Counter calls;
    private final Counter errors;
    private final Counter verificationFailures;
    private final Histogram callDuration;
    private final Histogram upstreamDuration;
    private final Histogram signDuration;
    private final Histogram verifyDuration;
    private final Gauge inFlight;
    private final Info cryptoProvider;
    private final Info transport;
    private final Counter keyLookups;
    private final Counter keyLoads;
    private final Histogram keyLoadDuration;
    private final Counter keysServedStale;
    private final Map<String, KeyGauges> keyGauges = new ConcurrentHashMap<>();
    private final Counter vaultRequests;
    private final Histogram vaultRequestDuration;
    private final Counter vaultAuthFailures;
    private final Counter vaultLogins;
    private final Counter vaultRenewals;
    private volatile BooleanSupplier ready = () -> false;

    private record PoolGauges(IntSupplier active, IntSupplier idle, IntSupplier pending) {}

    private record KeyGauges(String source, IntSupplier stale, BooleanSupplier ready) {}

    /**
     * Creates the metrics and registers the JVM metrics.
     *
     * @param version the gateway's version for {@code gateway_build_info}
     */
    public GatewayMetrics(String version) {
        calls = Counter.builder()
                .name("gateway_calls_total")
                .help("Proxied calls by outcome: Alipay's verified resultStatus S, F or U, or error.")
                .labelNames("profile", "api", "outcome")
                .register(registry);
        errors = Counter.builder()
                .name("gateway_errors_total")
                .help("Gateway error responses by error code.")
                .labelNames("code")
                .register(registry);
        verificationFailures = Counter.builder()
                .name("gateway_response_verification_failures_total")
                .help("Alipay responses whose signature did not verify, by reason.")
                .labelNames("profile", "reason")
                .register(registry);
        callDuration = histogram("gateway_call_duration_seconds", "Whole proxied calls.", CALL_BUCKETS, "api");
        upstreamDuration =
                histogram("gateway_upstream_duration_seconds", "Upstream round trips to Alipay.", CALL_BUCKETS, "api");
        signDuration = histogram("gateway_sign_duration_seconds", "Signing a request.", CRYPTO_BUCKETS);
        verifyDuration = histogram("gateway_verify_duration_seconds", "Verifying a response.", CRYPTO_BUCKETS);
        inFlight = Gauge.builder()
                .name("gateway_in_flight_calls")
                .help("Calls accepted and not yet answered.")
                .register(registry);
        GaugeWithCallback.builder()
                .name("gateway_ready")
                .help("1 when the gateway accepts traffic, else 0.")
                .callback(cb -> cb.call(ready.getAsBoolean() ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gateway_upstream_connections")
                .help("Upstream connections by state (active = leased, idle = pooled).")
                .labelNames("profile", "state")
                .callback(cb -> pools.forEach((profile, p) -> {
                    cb.call(p.active().getAsInt(), profile, "active");
                    cb.call(p.idle().getAsInt(), profile, "idle");
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gateway_upstream_pending_acquires")
                .help("Calls waiting for an upstream connection.")
                .labelNames("profile")
                .callback(
                        cb -> pools.forEach((profile, p) -> cb.call(p.pending().getAsInt(), profile)))
                .register(registry);
        cryptoProvider = Info.builder()
                .name("gateway_crypto_provider_info")
                .help("The JCA provider that signs RSA (accp, jdk or bc).")
                .labelNames("provider")
                .register(registry);
        transport = Info.builder()
                .name("gateway_transport_info")
                .help("The socket transport (epoll, or nio where epoll's native library does not load).")
                .labelNames("transport")
                .register(registry);
        keyLookups = Counter.builder()
                .name("gateway_key_cache_lookups_total")
                .help("Key lookups by cache result (hit or miss), per profile and key source.")
                .labelNames("profile", "source", "result")
                .register(registry);
        keyLoads = Counter.builder()
                .name("gateway_key_loads_total")
                .help("Loads and refreshes from a key source by outcome (success, not_found, failure).")
                .labelNames("profile", "source", "outcome")
                .register(registry);
        keyLoadDuration = Histogram.builder()
                .name("gateway_key_load_duration_seconds")
                .help("Loads and refreshes from a key source.")
                .unit(Unit.SECONDS)
                .labelNames("profile", "source")
                .classicOnly()
                .classicUpperBounds(CALL_BUCKETS)
                .register(registry);
        keysServedStale = Counter.builder()
                .name("gateway_keys_served_stale_total")
                .help("Uses of a cached key whose last refresh failed (the key source is unavailable).")
                .labelNames("profile", "source")
                .register(registry);
        GaugeWithCallback.builder()
                .name("gateway_keys_stale")
                .help("Cached keys whose last refresh failed, served until their hard expiry.")
                .labelNames("profile", "source")
                .callback(cb ->
                        keyGauges.forEach((profile, k) -> cb.call(k.stale().getAsInt(), profile, k.source())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("gateway_profile_keys_ready")
                .help("1 when the profile's primary key and Alipay's keys are loaded (stale ones count), else 0.")
                .labelNames("profile", "source")
                .callback(cb -> keyGauges.forEach(
                        (profile, k) -> cb.call(k.ready().getAsBoolean() ? 1 : 0, profile, k.source())))
                .register(registry);
        vaultRequests = Counter.builder()
                .name("gateway_vault_requests_total")
                .help("Requests to Vault by operation and HTTP status (0: no answer, e.g. unreachable or timed out).")
                .labelNames("operation", "status")
                .register(registry);
        vaultRequestDuration = Histogram.builder()
                .name("gateway_vault_request_duration_seconds")
                .help("Requests to Vault by operation.")
                .unit(Unit.SECONDS)
                .labelNames("operation")
                .classicOnly()
                .classicUpperBounds(CALL_BUCKETS)
                .register(registry);
        vaultAuthFailures = Counter.builder()
                .name("gateway_vault_auth_failures_total")
                .help("Vault logins that failed, and tokens Vault refused, by auth method.")
                .labelNames("method")
                .register(registry);
        vaultLogins = Counter.builder()
                .name("gateway_vault_logins_total")
                .help("Successful Vault logins by auth method.")
                .labelNames("method")
                .register(registry);
        vaultRenewals = Counter.builder()
                .name("gateway_vault_token_renewals_total")
                .help("Vault token renewals by outcome (success or failure).")
                .labelNames("outcome")
                .register(registry);
        Info buildInfo = Info.builder()
                .name("gateway_build_info")
                .help("The gateway's version.")
                .labelNames("version")
                .register(registry);
        buildInfo.setLabelValues(version);
        JvmMetrics.builder().register(registry);
    }

    private Histogram histogram(String name, String help, double[] buckets, String... extraLabels) {
        String[] labels = new String[extraLabels.length + 1];
        labels[0] = "profile";
        System.arraycopy(extraLabels, 0, labels, 1, extraLabels.length);
        return Histogram.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .labelNames(labels)
                .classicOnly()
                .classicUpperBounds(buckets)
                .register(registry);
    }

    /** The {@code api} label for a request path; see {@link ApiLabels#of(String)}. */
    public static String apiLabel(String path) {
        return ApiLabels.of(path);
    }

    /** A call was accepted: {@code gateway_in_flight_calls} + 1. */
    public void callStarted() {
        inFlight.inc();
    }

    /** A call was answered (successfully or not): {@code gateway_in_flight_calls} - 1. */
    public void callEnded() {
        inFlight.dec();
    }

    /**
     * Alipay answered and the answer verified.
     *
     * @param api an {@link #apiLabel(String)} value
     * @param upstreamNanos the upstream part, or a negative value if there was none
     */
    public void recordCall(String profile, String api, ResultStatus status, long totalNanos, long upstreamNanos) {
        observeCall(profile, apiLabels.bounded(api), status.name(), totalNanos, upstreamNanos);
    }

    /**
     * The gateway answered with {@code code}: counts the call with outcome {@value #OUTCOME_ERROR}
     * and the error in {@code gateway_errors_total}.
     *
     * @param upstreamNanos the upstream part, or a negative value if nothing was sent
     */
    public void recordCallError(String profile, String api, ErrorCode code, long totalNanos, long upstreamNanos) {
        observeCall(profile, apiLabels.bounded(api), OUTCOME_ERROR, totalNanos, upstreamNanos);
        recordError(code);
    }

    private void observeCall(String profile, String api, String outcome, long totalNanos, long upstreamNanos) {
        calls.labelValues(profile, api, outcome).inc();
        callDuration.labelValues(profile, api).observe(Unit.nanosToSeconds(totalNanos));
        if (upstreamNanos >= 0) {
            upstreamDuration.labelValues(profile, api).observe(Unit.nanosToSeconds(upstreamNanos));
        }
    }

    /** Counts an error response that belongs to no profile (e.g. unknown client, no route). */
    public void recordError(ErrorCode code) {
        errors.labelValues(code.name()).inc();
    }

    /** Time spent signing (and encrypting) one request for {@code profile}. */
    public void observeSign(String profile, long nanos) {
        signDuration.labelValues(profile).observe(Unit.nanosToSeconds(nanos));
    }

    /** Time spent verifying (and decrypting) one response for {@code profile}. */
    public void observeVerify(String profile, long nanos) {
        verifyDuration.labelValues(profile).observe(Unit.nanosToSeconds(nanos));
    }

    /** A response from Alipay for {@code profile} did not verify. */
    public void recordVerificationFailure(String profile, VerificationException.Reason reason) {
        verificationFailures.labelValues(profile, reason.name()).inc();
    }

    /**
     * Exports {@code profile}'s upstream pool state. The suppliers are called on the scrape thread
     * (an admin event loop), so they must be thread-safe and cheap. A second registration for the
     * same profile replaces the first.
     */
    public void registerPoolGauges(String profile, IntSupplier active, IntSupplier idle, IntSupplier pending) {
        pools.put(profile, new PoolGauges(active, idle, pending));
    }

    /** Stops exporting {@code profile}'s pool state (e.g. after its pool is closed). */
    public void unregisterPoolGauges(String profile) {
        pools.remove(profile);
    }

    /**
     * Exports {@code profile}'s stale cached keys and key readiness; the suppliers are read at each
     * scrape, so they must be cheap and thread-safe.
     */
    public void registerKeyGauges(String profile, String source, IntSupplier stale, BooleanSupplier ready) {
        keyGauges.put(profile, new KeyGauges(source, stale, ready));
    }

    /** The listener that counts {@code profile}'s key cache lookups, loads and stale uses. */
    public KeyCacheListener keyCacheListener(String profile, String source) {
        var hit = keyLookups.labelValues(profile, source, "hit");
        var miss = keyLookups.labelValues(profile, source, "miss");
        var served = keysServedStale.labelValues(profile, source);
        var duration = keyLoadDuration.labelValues(profile, source);
        return new KeyCacheListener() {
            @Override
            public void hit() {
                hit.inc();
            }

            @Override
            public void miss() {
                miss.inc();
            }

            @Override
            public void loaded(String outcome, long nanos) {
                keyLoads.labelValues(profile, source, outcome).inc();
                duration.observe(Unit.nanosToSeconds(nanos));
            }

            @Override
            public void servedStale() {
                served.inc();
            }
        };
    }

    /** The listener that counts the Vault client's requests, logins and renewals. */
    public VaultClient.Listener vaultListener() {
        return new VaultClient.Listener() {
            @Override
            public void onRequest(String operation, int status, long nanos) {
                vaultRequests.labelValues(operation, Integer.toString(status)).inc();
                vaultRequestDuration.labelValues(operation).observe(Unit.nanosToSeconds(nanos));
            }

            @Override
            public void onAuthFailure(String method) {
                vaultAuthFailures.labelValues(method).inc();
            }

            @Override
            public void onLogin(String method) {
                vaultLogins.labelValues(method).inc();
            }

            @Override
            public void onRenewal(boolean ok) {
                vaultRenewals.labelValues(ok ? "success" : "failure").inc();
            }
        };
    }

    /** Sets {@code gateway_transport_info{transport}} (replacing any earlier value). */
    public void transport(String transportName) {
        transport.setLabelValues(transportName);
    }

    /** Sets {@code gateway_crypto_provider_info{provider}} (replacing any earlier value). */
    public void cryptoProvider(String providerName) {
        cryptoProvider.setLabelValues(providerName);
    }

    /** The source of {@code gateway_ready}; read at each scrape. Thread-safe and cheap, please. */
    public void readiness(BooleanSupplier ready) {
        this.ready = ready;
    }

    /** Writes the Prometheus text format (version 0.0.4) to {@code out}; does not close it. */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The Prometheus text format (version 0.0.4) as a string. */
    public String scrapeText() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The registry, for extra collectors (e.g. key cache statistics). */
    public PrometheusRegistry registry() {
        return registry;
    }
}
