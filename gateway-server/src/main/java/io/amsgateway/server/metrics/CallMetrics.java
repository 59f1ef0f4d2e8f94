package io.amsgateway.server.metrics;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.ResultStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The metrics of proxied calls: outcomes, errors, durations, calls in flight, verification
 * failures, and the upstream pools.
 *
 * <p>Per call the gateway calls {@link #callStarted()}, then exactly one of {@link #recordCall}
 * (Alipay answered and the answer verified) or {@link #recordCallError} (the gateway answered with
 * an {@link ErrorCode}), then {@link #callEnded()}. Errors that happen before a call has a profile
 * (unknown client, no route) are counted with {@link #recordError} alone. Durations are passed as
 * nanoseconds from {@link System#nanoTime()} and exported in seconds. Thread-safe and lock-free.
 */
public final class CallMetrics {
    /** The {@code outcome} label of a call that ended in a gateway error. */
    public static final String OUTCOME_ERROR = "error";
    /** The {@code profile} label of an error that belongs to no profile (unknown client, no route). */
    public static final String NO_PROFILE = "-";
    /**
     * The {@code api} labels whose {@code gateway_calls_total} series exist from start-up for every
     * profile and outcome (see {@link #expectProfile}): the payment APIs most integrations call first.
     * Other APIs get their series on their first call, like before.
     */
    public static final List<String> PRESET_APIS = List.of(
            "payments/pay",
            "payments/inquiryPayment",
            "payments/cancel",
            "payments/refund",
            "payments/inquiryRefund",
            "payments/capture",
            "payments/consult",
            "payments/createPaymentSession");

    private static final List<String> OUTCOMES = List.of("S", "F", "U", OUTCOME_ERROR);

    /** Distinct {@code code} values of {@code gateway_unverified_alipay_results_total}; {@code other} beyond. */
    public static final int MAX_UNVERIFIED_CODES = 32;

    private final ApiLabels apiLabels = new ApiLabels(GatewayMetrics.MAX_API_LABELS);
    private final Map<String, PoolGauges> pools = new ConcurrentHashMap<>();
    private final Counter calls;
    private final Counter errors;
    private final Counter verificationFailures;
    private final Counter unverifiedResults;
    /** The {@code code} values handed out so far (at most {@link #MAX_UNVERIFIED_CODES}). */
    private final java.util.Set<String> unverifiedCodes = ConcurrentHashMap.newKeySet();

    private final Histogram callDuration;
    private final Histogram upstreamDuration;
    private final Histogram signDuration;
    private final Histogram verifyDuration;
    private final Gauge inFlight;

    private final Map<String, java.util.function.Supplier<Map<String, Long>>> connectFailures =
            new ConcurrentHashMap<>();

    private record PoolGauges(IntSupplier active, IntSupplier idle, IntSupplier pending) {}

    CallMetrics(PrometheusRegistry registry) {
        calls = Counter.builder()
                .name("gateway_calls_total")
                .help("Proxied calls by outcome: Alipay's verified resultStatus S, F or U, or error.")
                .labelNames("profile", "api", "outcome")
                .register(registry);
        errors = Counter.builder()
                .name("gateway_errors_total")
                .help("Gateway error responses by profile (- when the call had none) and error code.")
                .labelNames("profile", "code")
                .register(registry);
        verificationFailures = Counter.builder()
                .name("gateway_response_verification_failures_total")
                .help("Alipay responses whose signature did not verify, by reason.")
                .labelNames("profile", "reason")
                .register(registry);
        unverifiedResults = Counter.builder()
                .name("gateway_unverified_alipay_results_total")
                .help("Unsigned error answers from Alipay (withheld as GATEWAY_RESPONSE_SIGNATURE_INVALID),"
                        + " by Alipay's unverified resultCode (at most " + MAX_UNVERIFIED_CODES
                        + " codes, then other).")
                .labelNames("profile", "code")
                .register(registry);
        callDuration =
                histogram(registry, "gateway_call_duration_seconds", "Whole proxied calls.", Buckets.CALL, "api");
        upstreamDuration = histogram(
                registry, "gateway_upstream_duration_seconds", "Upstream round trips to Alipay.", Buckets.CALL, "api");
        signDuration = histogram(registry, "gateway_sign_duration_seconds", "Signing a request.", Buckets.CRYPTO);
        verifyDuration =
                histogram(registry, "gateway_verify_duration_seconds", "Verifying a response.", Buckets.CRYPTO);
        inFlight = Gauge.builder()
                .name("gateway_in_flight_calls")
                .help("Calls accepted and not yet answered.")
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
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder()
                .name("gateway_upstream_connect_failures_total")
                .help("Failed attempts to set up an upstream connection (each retry counts), by reason:"
                        + " connect_refused, connect_timeout, dns, connect_failed, proxy_refused, proxy_auth,"
                        + " proxy_closed, proxy_timeout, handshake_timeout, untrusted, hostname_mismatch, expired,"
                        + " revoked, revocation_unknown, tls_failed, closed, pool_exhausted.")
                .labelNames("profile", "reason")
                .callback(cb -> connectFailures.forEach(
                        (profile, counts) -> counts.get().forEach((reason, n) -> cb.call(n, profile, reason))))
                .register(registry);
    }

    private static Histogram histogram(
            PrometheusRegistry registry, String name, String help, double[] buckets, String... extraLabels) {
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
     * @param api an {@link ApiLabels#of(String)} value
     * @param upstreamNanos the upstream part, or a negative value if there was none
     */
    public void recordCall(String profile, String api, ResultStatus status, long totalNanos, long upstreamNanos) {
        observeCall(profile, apiLabels.bounded(profile, api), status.name(), totalNanos, upstreamNanos);
    }

    /**
     * The gateway answered with {@code code}: counts the call with outcome {@value #OUTCOME_ERROR}
     * and the error in {@code gateway_errors_total}.
     *
     * @param upstreamNanos the upstream part, or a negative value if nothing was sent
     */
    public void recordCallError(String profile, String api, ErrorCode code, long totalNanos, long upstreamNanos) {
        observeCall(profile, apiLabels.bounded(profile, api), OUTCOME_ERROR, totalNanos, upstreamNanos);
        errors.labelValues(profile, code.name()).inc();
    }

    private void observeCall(String profile, String api, String outcome, long totalNanos, long upstreamNanos) {
        calls.labelValues(profile, api, outcome).inc();
        callDuration.labelValues(profile, api).observe(Unit.nanosToSeconds(totalNanos));
        if (upstreamNanos >= 0) {
            upstreamDuration.labelValues(profile, api).observe(Unit.nanosToSeconds(upstreamNanos));
        }
    }

    /**
     * Counts an error response that belongs to no profile (e.g. unknown client, no route) under
     * {@code profile="}{@value #NO_PROFILE}{@code "}.
     */
    public void recordError(ErrorCode code) {
        errors.labelValues(NO_PROFILE, code.name()).inc();
    }

    /**
     * Creates at zero the counters of {@code profile} that alerts and dashboards read with {@code
     * increase()} or {@code rate()}, so that the first event is an increase from 0 rather than a
     * new series (which {@code increase()} cannot see): {@code gateway_calls_total} for every
     * outcome and {@link #PRESET_APIS preset API}, {@code gateway_errors_total} for every error
     * code and {@code gateway_response_verification_failures_total} for every reason. Also creates
     * the {@value #NO_PROFILE} errors. Idempotent; called once per profile at start-up.
     */
    public void expectProfile(String profile) {
        for (String api : PRESET_APIS) {
            for (String outcome : OUTCOMES) {
                calls.labelValues(profile, api, outcome);
            }
        }
        for (ErrorCode code : ErrorCode.values()) {
            errors.labelValues(profile, code.name());
            errors.labelValues(NO_PROFILE, code.name());
        }
        for (VerificationException.Reason reason : VerificationException.Reason.values()) {
            verificationFailures.labelValues(profile, reason.name());
        }
    }

    /** Time spent signing (and encrypting) one request for {@code profile}. */
    public void observeSign(String profile, long nanos) {
        signDuration.labelValues(profile).observe(Unit.nanosToSeconds(nanos));
    }

    /** Time spent verifying (and decrypting) one response for {@code profile}. */
    public void observeVerify(String profile, long nanos) {
        verifyDuration.labelValues(profile).observe(Unit.nanosToSeconds(nanos));
    }

    /** A message from Alipay for {@code profile} did not verify. */
    public void recordVerificationFailure(String profile, VerificationException.Reason reason) {
        verificationFailures.labelValues(profile, reason.name()).inc();
    }

    private static final java.util.regex.Pattern ALIPAY_CODE = java.util.regex.Pattern.compile("[A-Z0-9_]{1,64}");

    /**
     * An unsigned error answer from Alipay for {@code profile} said {@code resultCode} (unverified):
     * counted under the code when it looks like one of Alipay's ({@code [A-Z0-9_]{1,64}}) and the
     * cap of distinct codes is not reached, else under {@code other}.
     */
    public void recordUnverifiedResult(String profile, String resultCode) {
        String code = ApiLabels.OTHER;
        if (ALIPAY_CODE.matcher(resultCode).matches()
                && (unverifiedCodes.contains(resultCode) || unverifiedCodes.size() < MAX_UNVERIFIED_CODES)) {
            // The cap may be passed by a few codes under a race: a guard, not an exact count.
            unverifiedCodes.add(resultCode);
            code = resultCode;
        }
        unverifiedResults.labelValues(profile, code).inc();
    }

    /**
     * Exports {@code profile}'s upstream pool state. The suppliers are called on the scrape thread
     * (an admin event loop), so they must be thread-safe and cheap. A second registration for the
     * same profile replaces the first.
     */
    public void registerPoolGauges(String profile, IntSupplier active, IntSupplier idle, IntSupplier pending) {
        pools.put(profile, new PoolGauges(active, idle, pending));
    }

    /** Exports {@code profile}'s failed connection attempts by reason, read at each scrape. */
    public void registerConnectFailures(String profile, java.util.function.Supplier<Map<String, Long>> byReason) {
        connectFailures.put(profile, byReason);
    }

    /** Stops exporting {@code profile}'s pool state and connect failures (e.g. after its pool is closed). */
    public void unregisterPoolGauges(String profile) {
        pools.remove(profile);
        connectFailures.remove(profile);
    }
}
