package io.amsgateway.server.caller;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.config.LimitsConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-caller and per-profile limits of {@code gateway.limits}: a rate (token bucket with
 * burst, through a {@link RateLimiter}) and a maximum of calls in flight.
 *
 * <pre>{@code
 * try (CallLimits.Permit permit = limits.acquire(caller.identity(), profile.name())) {
 *     ... the call, until its answer is written ...
 * } // or permit.close() from the completion callback: release is idempotent
 * }</pre>
 *
 * <p>In-flight counts are taken first and given back if a rate then refuses, so a refused call
 * holds nothing. A call refused by the profile's rate has already taken one from its caller's
 * bucket: the buckets are approximate by one call. Thread-safe; nothing blocks.
 */
public final class CallLimits {
    private final LimitsConfig.Limit perCaller;
    private final LimitsConfig.Limit perProfile;
    private final RateLimiter rates;
    private final InFlightLimiter inFlight = new InFlightLimiter();

    /** Limits with in-memory buckets for at most {@code config.maxTrackedCallers()} callers. */
    public CallLimits(LimitsConfig config) {
        this(config.perCaller(), config.perProfile(), new BucketRateLimiter(config.maxTrackedCallers() + 1024));
    }

    /** Limits with the given bucket store (e.g. one shared between replicas). */
    public CallLimits(LimitsConfig.Limit perCaller, LimitsConfig.Limit perProfile, RateLimiter rates) {
        this.perCaller = perCaller;
        this.perProfile = perProfile;
        this.rates = rates;
    }

    /**
     * Lets one call of {@code caller} on {@code profile} start, or refuses it.
     *
     * @return a permit to {@link Permit#close()} when the call has ended (exactly once counts)
     * @throws LimitExceededException {@code CONCURRENCY_LIMITED} or {@code RATE_LIMITED}, with the
     *     seconds to wait
     */
    public Permit acquire(String caller, String profile) {
        String callerKey = "caller:" + caller;
        String profileKey = "profile:" + profile;
        if (perCaller.concurrencyLimited() && !inFlight.tryAcquire(callerKey, perCaller.maxInFlight())) {
            throw concurrency("caller " + caller, perCaller.maxInFlight());
        }
        if (perProfile.concurrencyLimited() && !inFlight.tryAcquire(profileKey, perProfile.maxInFlight())) {
            release(callerKey, perCaller);
            throw concurrency("profile " + profile, perProfile.maxInFlight());
        }
        Permit permit = new Permit(callerKey, profileKey);
        try {
            rate(callerKey, perCaller, "caller " + caller);
            rate(profileKey, perProfile, "profile " + profile);
        } catch (LimitExceededException e) {
            permit.close();
            throw e;
        }
        return permit;
    }

    /**
     * As {@link #acquire}, without blocking on a shared rate store: the future completes with the
     * permit, or fails with {@link LimitExceededException}. With a Redis-backed {@link RateLimiter}
     * it completes on Redis's threads: continue on the call's executor ({@code
     * thenComposeAsync(..., call.executor())}).
     */
    public CompletableFuture<Permit> acquireAsync(String caller, String profile) {
        String callerKey = "caller:" + caller;
        String profileKey = "profile:" + profile;
        if (perCaller.concurrencyLimited() && !inFlight.tryAcquire(callerKey, perCaller.maxInFlight())) {
            return CompletableFuture.failedFuture(concurrency("caller " + caller, perCaller.maxInFlight()));
        }
        if (perProfile.concurrencyLimited() && !inFlight.tryAcquire(profileKey, perProfile.maxInFlight())) {
            release(callerKey, perCaller);
            return CompletableFuture.failedFuture(concurrency("profile " + profile, perProfile.maxInFlight()));
        }
        Permit permit = new Permit(callerKey, profileKey);
        return rateAsync(callerKey, perCaller, "caller " + caller)
                .thenCompose(v -> rateAsync(profileKey, perProfile, "profile " + profile))
                .handle((v, e) -> {
                    if (e != null) {
                        permit.close();
                        throw e instanceof java.util.concurrent.CompletionException c
                                ? c
                                : new java.util.concurrent.CompletionException(e);
                    }
                    return permit;
                });
    }

    private CompletableFuture<Void> rateAsync(String key, LimitsConfig.Limit limit, String who) {
        if (!limit.rateLimited()) {
            return CompletableFuture.completedFuture(null);
        }
        return rates.tryTakeAsync(key, limit).thenApply(wait -> {
            if (wait > 0) {
                throw rateLimited(limit, who, wait);
            }
            return null;
        });
    }

    /** Calls in flight for a caller (for tests and metrics). */
    public int inFlightOfCaller(String caller) {
        return inFlight.inFlight("caller:" + caller);
    }

    /** Calls in flight for a profile (for tests and metrics). */
    public int inFlightOfProfile(String profile) {
        return inFlight.inFlight("profile:" + profile);
    }

    private void rate(String key, LimitsConfig.Limit limit, String who) {
        if (!limit.rateLimited()) {
            return;
        }
        long wait = rates.tryTake(key, limit);
        if (wait > 0) {
            throw rateLimited(limit, who, wait);
        }
    }

    private static LimitExceededException rateLimited(LimitsConfig.Limit limit, String who, long wait) {
        long seconds = LimitExceededException.seconds(wait);
        return new LimitExceededException(
                ErrorCode.RATE_LIMITED,
                who + " is over its " + (limit.shared() ? "shared " : "") + "rate of " + limit.rate()
                        + " calls/s (burst " + limit.burst() + "); retry in " + seconds + " s",
                seconds);
    }

    private static LimitExceededException concurrency(String who, int max) {
        return new LimitExceededException(
                ErrorCode.CONCURRENCY_LIMITED,
                who + " already has " + max + " calls in flight; retry when one has finished",
                1);
    }

    private void release(String key, LimitsConfig.Limit limit) {
        if (limit.concurrencyLimited()) {
            inFlight.release(key);
        }
    }

    /** One admitted call's hold on the in-flight counts; closing it more than once does nothing. */
    public final class Permit implements AutoCloseable {
        private final String callerKey;
        private final String profileKey;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String callerKey, String profileKey) {
            this.callerKey = callerKey;
            this.profileKey = profileKey;
        }

        /** Gives the call's place back; only the first call counts. */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(callerKey, perCaller);
                release(profileKey, perProfile);
            }
        }
    }
}
