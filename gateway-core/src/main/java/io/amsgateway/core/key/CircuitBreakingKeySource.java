package io.amsgateway.core.key;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.Signer;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker (Resilience4j) in front of a remote signer's key source: Vault Transit or a
 * PKCS#11 token. It guards every merchant key load, every latest-version lookup and every {@link
 * Signer#sign} of the keys it hands out; Alipay's public keys (from files) pass straight through.
 *
 * <ul>
 *   <li><b>Opens</b> when at least {@link Settings#failureRate()} percent of the last {@link
 *       Settings#window()} guarded calls failed (after at least {@link Settings#minimumCalls()}).
 *       A failure is a stage failed with anything but {@link KeyNotFoundException} (a "not found"
 *       is an answer: the signer is reachable).
 *   <li><b>While open</b> every guarded call fails at once with {@code KEY_UNAVAILABLE} (503, F),
 *       without asking the remote signer, naming the last failure.
 *   <li><b>Probes</b> after {@link Settings#openFor()}, doubling after each failed probe up to
 *       {@link Settings#maxOpenFor()}: exactly one call goes through (half-open); the others keep
 *       failing fast. One success closes the circuit at once; a failure opens it again.
 *   <li><b>{@link #probe()}</b> (run by readiness checks) sends that one call itself, a test
 *       signature with the last key handed out, so a circuit whose keys are all cached still
 *       closes when no caller signs (a standalone gateway taken out of its Service).
 * </ul>
 *
 * <p>Together with the key cache's one load per key, callers and readiness probes that find
 * nothing cached share one attempt while the circuit is closed, and none while it is open.
 *
 * <p>Thread-safe. Put the key cache in front of this, not behind it.
 */
public final class CircuitBreakingKeySource implements KeySource {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakingKeySource.class);
    private static final byte[] PROBE = "POST /ams/api/v1/probe\nprobe.0.{}".getBytes(StandardCharsets.US_ASCII);

    /**
     * When the circuit opens and how it probes.
     *
     * @param window the last this many guarded calls decide (count based)
     * @param minimumCalls fewest calls in the window before the circuit may open
     * @param failureRate percentage of failed calls in the window that opens the circuit (1-100)
     * @param openFor how long the circuit stays open before its first probe
     * @param maxOpenFor the longest wait between probes (the wait doubles after each failed probe)
     */
    public record Settings(int window, int minimumCalls, int failureRate, Duration openFor, Duration maxOpenFor) {
        /** 10 calls, 5 at least, 50 percent, 1 second doubling up to 30 seconds. */
        public static final Settings DEFAULTS = new Settings(10, 5, 50, Duration.ofSeconds(1), Duration.ofSeconds(30));

        public Settings {
            if (window < 1 || minimumCalls < 1 || minimumCalls > window || failureRate < 1 || failureRate > 100) {
                throw new IllegalArgumentException(
                        "window >= 1, 1 <= minimum-calls <= window, failure-rate between 1 and 100");
            }
            if (openFor.isNegative() || openFor.isZero() || maxOpenFor.compareTo(openFor) < 0) {
                throw new IllegalArgumentException("open-for must be positive and max-open-for at least open-for");
            }
        }
    }

    /** What the circuit reports (to metrics); every method may run on any thread. */
    public interface Listener {
        /** A guarded call failed fast because the circuit is open. */
        default void rejected() {}

        /** A guarded call failed at the remote signer. */
        default void failed() {}

        /** The circuit moved to {@code state} ({@code closed}, {@code open} or {@code half_open}). */
        default void transitioned(String state) {}
    }

    private final KeySource source;
    private final CircuitBreaker breaker;
    private final Listener listener;
    private final AtomicReference<@Nullable Signer> lastSigner = new AtomicReference<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile String lastFailure = "none yet";

    private CircuitBreakingKeySource(KeySource source, Settings settings, String name, Listener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.breaker = CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.window())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .failureRateThreshold(settings.failureRate())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .waitIntervalFunctionInOpenState(
                                IntervalFunction.ofExponentialBackoff(settings.openFor(), 2.0, settings.maxOpenFor()))
                        .writableStackTraceEnabled(false)
                        .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.State to = e.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN
                    && e.getStateTransition().getFromState() == CircuitBreaker.State.CLOSED) {
                log.warn(
                        "{}: the signer circuit opened after repeated failures (last: {}); calls fail fast"
                                + " with KEY_UNAVAILABLE and one probe goes through at intervals",
                        name,
                        lastFailure);
            } else if (to == CircuitBreaker.State.CLOSED) {
                log.info("{}: the signer answered again; circuit closed", name);
            }
            listener.transitioned(stateName(to));
        });
    }

    /**
     * Wraps {@code source}; closing this closes it.
     *
     * @param name names the circuit in logs and errors, e.g. {@code "profile sea (vault-transit)"}
     */
    public static CircuitBreakingKeySource wrap(KeySource source, Settings settings, String name, Listener listener) {
        return new CircuitBreakingKeySource(source, settings, name, listener);
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
        return guarded(() -> source.merchantKey(ref)).thenApply(k -> {
            lastSigner.set(k.signer());
            return new MerchantKey(k.ref(), new GuardedSigner(k.signer()), k.privateKey());
        });
    }

    @Override
    public CompletionStage<Integer> latestVersion(String clientId) {
        return guarded(() -> source.latestVersion(clientId));
    }

    @Override
    public CompletionStage<VerifierSet> alipayKeys(String clientId) {
        return source.alipayKeys(clientId);
    }

    @Override
    public void onChange(Runnable listener) {
        source.onChange(listener);
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String state() {
        return stateName(breaker.getState());
    }

    /** Whether calls reach the signer normally (the circuit is closed). */
    public boolean isClosed() {
        CircuitBreaker.State s = breaker.getState();
        return s == CircuitBreaker.State.CLOSED || s == CircuitBreaker.State.DISABLED;
    }

    /**
     * When the circuit is not closed and no probe is in flight, sends one test signature with the
     * last key handed out through the circuit (it goes through only when the circuit lets a probe
     * through; otherwise it fails fast and asks nothing). Returns at once.
     */
    public void probe() {
        Signer signer = lastSigner.get();
        if (isClosed() || signer == null || !probing.compareAndSet(false, true)) {
            return;
        }
        guarded(() -> signer.sign(PROBE), false).whenComplete((v, e) -> probing.set(false));
    }

    private <T> CompletableFuture<T> guarded(Supplier<CompletionStage<T>> call) {
        return guarded(call, true);
    }

    private <T> CompletableFuture<T> guarded(Supplier<CompletionStage<T>> call, boolean countRejection) {
        if (!breaker.tryAcquirePermission()) {
            if (countRejection) {
                listener.rejected();
            }
            return CompletableFuture.failedFuture(new GatewayException(
                    ErrorCode.KEY_UNAVAILABLE,
                    breaker.getName() + ": the signer is unavailable (circuit open after repeated failures; last: "
                            + lastFailure + "); failing fast until a probe succeeds"));
        }
        long start = System.nanoTime();
        CompletableFuture<T> f;
        try {
            f = call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((v, e) -> {
            long nanos = System.nanoTime() - start;
            Throwable t = e == null ? null : Futures.unwrap(e);
            if (t == null || t instanceof KeyNotFoundException) {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            } else {
                lastFailure = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                listener.failed();
                breaker.onError(nanos, TimeUnit.NANOSECONDS, t);
            }
        });
    }

    private static String stateName(CircuitBreaker.State s) {
        return switch (s) {
            case OPEN, FORCED_OPEN -> "open";
            case HALF_OPEN -> "half_open";
            default -> "closed";
        };
    }

    /** A remote signer whose every signature goes through the circuit. */
    private final class GuardedSigner implements Signer {
        private final Signer signer;

        GuardedSigner(Signer signer) {
            this.signer = signer;
        }

        @Override
        public int keyVersion() {
            return signer.keyVersion();
        }

        @Override
        public SignatureAlgorithm algorithm() {
            return signer.algorithm();
        }

        @Override
        public CompletionStage<byte[]> sign(byte[] content) {
            return guarded(() -> signer.sign(content));
        }

        @Override
        public String toString() {
            return signer.toString();
        }
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return "CircuitBreakingKeySource[" + breaker.getName() + ", " + state() + "]";
    }
}
