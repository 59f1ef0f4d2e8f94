package io.amsgateway.server.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.config.LimitsConfig;
import io.amsgateway.server.config.LimitsConfig.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallLimitsTest {
    private static CallLimits limits(Limit perCaller, Limit perProfile) {
        return new CallLimits(new LimitsConfig(perCaller, perProfile, 100, 4096, 64 << 20));
    }

    @Test
    void noLimitsLetEverythingThrough() {
        CallLimits l = limits(Limit.NONE, Limit.NONE);
        for (int i = 0; i < 10_000; i++) {
            l.acquire("token:a", "sea").close();
        }
        assertThat(l.inFlightOfCaller("token:a")).isZero();
    }

    @Test
    void aBurstPassesThenTheRateRefusesWithRetryAfter() {
        CallLimits l = limits(new Limit(1, 5, 0), Limit.NONE);
        for (int i = 0; i < 5; i++) {
            l.acquire("token:a", "sea").close();
        }
        assertThatThrownBy(() -> l.acquire("token:a", "sea"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.code().httpStatus()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                })
                .hasMessageContaining("caller token:a")
                .hasMessageContaining("1 calls/s");
        l.acquire("token:b", "sea").close(); // another caller has its own bucket
        assertThat(l.inFlightOfCaller("token:a"))
                .as("a refused call holds nothing")
                .isZero();
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        CallLimits l = limits(Limit.NONE, new Limit(1, 1, 0));
        l.acquire("a", "slow").close();
        assertThatThrownBy(() -> l.acquire("b", "slow"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(1))
                .hasMessageContaining("profile slow");
        assertThat(LimitExceededException.seconds(1)).isEqualTo(1);
        assertThat(LimitExceededException.seconds(1_000_000_001L)).isEqualTo(2);
        assertThat(LimitExceededException.seconds(59_000_000_000L)).isEqualTo(59);
    }

    @Test
    void inFlightIsCappedAndEachPermitReleasesExactlyOnce() {
        CallLimits l = limits(new Limit(0, 0, 2), Limit.NONE);
        CallLimits.Permit a = l.acquire("c", "sea");
        CallLimits.Permit b = l.acquire("c", "sea");
        assertThatThrownBy(() -> l.acquire("c", "sea")).isInstanceOfSatisfying(LimitExceededException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENCY_LIMITED);
            assertThat(e.code().httpStatus()).isEqualTo(503);
        });
        a.close();
        a.close();
        a.close();
        assertThat(l.inFlightOfCaller("c"))
                .as("three closes of one permit free one place")
                .isEqualTo(1);
        CallLimits.Permit c = l.acquire("c", "sea");
        b.close();
        c.close();
        assertThat(l.inFlightOfCaller("c")).isZero();
    }

    @Test
    void aProfileRefusalGivesTheCallersPlaceBack() {
        CallLimits l = limits(new Limit(0, 0, 10), new Limit(0, 0, 1));
        CallLimits.Permit first = l.acquire("a", "sea");
        assertThatThrownBy(() -> l.acquire("b", "sea")).hasMessageContaining("profile sea");
        assertThat(l.inFlightOfCaller("b")).isZero();
        first.close();
        assertThat(l.inFlightOfProfile("sea")).isZero();
    }

    @Test
    void underConcurrentLoadTheInFlightCapHoldsAndEverythingIsReleased() throws Exception {
        int max = 3;
        CallLimits l = limits(new Limit(0, 0, max), new Limit(0, 0, 0));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        try (CallLimits.Permit p = l.acquire("token:hot", "sea")) {
                            int now = running.incrementAndGet();
                            peak.accumulateAndGet(now, Math::max);
                            Thread.onSpinWait();
                            running.decrementAndGet();
                            done.incrementAndGet();
                        } catch (LimitExceededException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(peak.get())
                .as("never more than max-in-flight at once")
                .isLessThanOrEqualTo(max)
                .isPositive();
        assertThat(done.get() + refused.get()).isEqualTo(threads * 2_000);
        assertThat(l.inFlightOfCaller("token:hot")).as("every permit released").isZero();
    }

    @Test
    void underConcurrentLoadTheRateAdmitsTheBurstAndNoMore() throws Exception {
        CallLimits l = limits(new Limit(1, 50, 0), Limit.NONE);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<Long> admitted = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        try (CallLimits.Permit p = l.acquire("token:burst", "sea")) {
                            admitted.add(System.nanoTime());
                        } catch (LimitExceededException e) {
                            // refused
                        }
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            // 800 attempts: the burst of 50, plus at most one per second of the run (refill), plus one.
            assertThat(admitted.size()).isBetween(50, 50 + (int) seconds + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inventedCallerNamesCannotGrowTheBuckets() {
        BucketRateLimiter buckets = new BucketRateLimiter(100);
        CallLimits l = new CallLimits(new Limit(10, 10, 0), Limit.NONE, buckets);
        for (int i = 0; i < 10_000; i++) {
            l.acquire("cn:invented-" + i, "sea").close();
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void anotherBackendCanStandInForTheInMemoryBuckets() {
        List<String> asked = new ArrayList<>();
        RateLimiter shared = (key, limit) -> {
            asked.add(key);
            return key.startsWith("profile:") ? 2_500_000_000L : 0;
        };
        CallLimits l = new CallLimits(new Limit(5, 5, 0), new Limit(5, 5, 0), shared);
        assertThatThrownBy(() -> l.acquire("token:a", "sea"))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(3));
        assertThat(asked).containsExactly("caller:token:a", "profile:sea");
    }
}
