package io.amsgateway.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.Signer;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CircuitBreakingKeySource} in front of a scripted remote signer whose health the test
 * switches, counting every call that reaches it.
 */
@Timeout(30)
class CircuitBreakingKeySourceTest {
    static final KeyRef REF = new KeyRef("SANDBOX_5X00000000000000", 1);
    static final CircuitBreakingKeySource.Settings FAST =
            new CircuitBreakingKeySource.Settings(4, 4, 50, Duration.ofMillis(200), Duration.ofMillis(800));
    /** As {@link #FAST}, but open long enough that no probe can go through while a test watches it. */
    static final CircuitBreakingKeySource.Settings OPEN_LONG =
            new CircuitBreakingKeySource.Settings(4, 4, 50, Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** A remote signer: answers or fails as {@link #healthy} says, counting the calls that reach it. */
    static final class Remote implements KeySource {
        volatile boolean healthy = true;
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger signs = new AtomicInteger();

        @Override
        public String name() {
            return "remote";
        }

        private GatewayException down() {
            return new GatewayException(ErrorCode.KEY_UNAVAILABLE, "remote: Vault is sealed");
        }

        @Override
        public CompletionStage<MerchantKey> merchantKey(KeyRef ref) {
            loads.incrementAndGet();
            if (ref.keyVersion() == 9) {
                return CompletableFuture.failedFuture(new KeyNotFoundException("no version 9"));
            }
            if (!healthy) {
                return CompletableFuture.failedFuture(down());
            }
            Signer s = new Signer() {
                @Override
                public int keyVersion() {
                    return ref.keyVersion();
                }

                @Override
                public SignatureAlgorithm algorithm() {
                    return SignatureAlgorithm.RSA256;
                }

                @Override
                public CompletionStage<byte[]> sign(byte[] content) {
                    signs.incrementAndGet();
                    return healthy
                            ? CompletableFuture.completedFuture(new byte[] {1})
                            : CompletableFuture.failedFuture(down());
                }
            };
            return CompletableFuture.completedFuture(new MerchantKey(ref, s, null));
        }

        @Override
        public CompletionStage<VerifierSet> alipayKeys(String clientId) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        @Override
        public CompletionStage<Integer> latestVersion(String clientId) {
            loads.incrementAndGet();
            return healthy ? CompletableFuture.completedFuture(1) : CompletableFuture.failedFuture(down());
        }
    }

    static final class Events implements CircuitBreakingKeySource.Listener {
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final List<String> states = new CopyOnWriteArrayList<>();

        @Override
        public void rejected() {
            rejected.incrementAndGet();
        }

        @Override
        public void failed() {
            failed.incrementAndGet();
        }

        @Override
        public void transitioned(String state) {
            states.add(state);
        }
    }

    static Throwable failure(CompletionStage<?> s) throws Exception {
        try {
            s.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Futures.unwrap(e);
        }
        throw new AssertionError("the stage succeeded");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as("timed out waiting until " + what)
                    .isTrue();
            Thread.sleep(20);
        }
    }

    @Test
    void repeatedFailuresOpenTheCircuitThenCallsFailFastWithoutReachingTheSigner() throws Exception {
        Remote remote = new Remote();
        Events events = new Events();
        // Open for 30 s: on a loaded machine the loop below may take longer than FAST's 200 ms,
        // and a probe going through would be right, but not what this test watches.
        var source = CircuitBreakingKeySource.wrap(remote, OPEN_LONG, "profile p (remote)", events);
        Signer signer = source.merchantKey(REF).toCompletableFuture().get().signer();
        signer.sign(new byte[] {0}).toCompletableFuture().get();

        remote.healthy = false;
        assertThat(failure(signer.sign(new byte[] {0}))).hasMessageContaining("Vault is sealed");
        assertThat(source.isClosed())
                .as("3 calls so far, fewer than minimum-calls (4)")
                .isTrue();
        assertThat(failure(signer.sign(new byte[] {0}))).hasMessageContaining("Vault is sealed");
        assertThat(source.state())
                .as("2 of the last 4 calls failed: 50 percent")
                .isEqualTo("open");
        int reached = remote.signs.get();

        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            Throwable e = failure(signer.sign(new byte[] {0}));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
            assertThat(e).isInstanceOf(GatewayException.class);
            assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE);
            assertThat(e.getMessage()).contains("profile p (remote)", "circuit open", "last: remote: Vault is sealed");
        }
        assertThat(failure(source.merchantKey(REF))).hasMessageContaining("circuit open");
        assertThat(failure(source.latestVersion(REF.clientId()))).hasMessageContaining("circuit open");
        assertThat(remote.signs.get())
                .as("nothing reached the signer while open")
                .isEqualTo(reached);
        assertThat(remote.loads.get()).isEqualTo(1);
        assertThat(events.rejected.get()).isEqualTo(22);
        assertThat(events.failed.get()).isEqualTo(2);
        assertThat(events.states).containsExactly("open");
    }

    @Test
    void aProbeGoesThroughAtIntervalsWithBackoffAndOneSuccessClosesTheCircuit() throws Exception {
        Remote remote = new Remote();
        Events events = new Events();
        var source = CircuitBreakingKeySource.wrap(remote, FAST, "p", events);
        Signer signer = source.merchantKey(REF).toCompletableFuture().get().signer();
        remote.healthy = false;
        while (source.isClosed()) {
            failure(signer.sign(new byte[] {0}));
        }
        int before = remote.signs.get();
        int rejectedBefore = events.rejected.get();

        // Probes (readiness checks) many times a second: the signer sees one every open-for, doubling.
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1300)) {
            source.probe();
            Thread.sleep(5);
        }
        int probes = remote.signs.get() - before;
        assertThat(probes)
                .as("probes after 200 ms, then 400 ms more, then 800 ms more: at most 3 in 1.3 s, at least 2")
                .isBetween(2, 3);
        assertThat(events.states).contains("half_open").endsWith("open");
        assertThat(events.rejected.get())
                .as("probes are not counted as rejected calls")
                .isZero();

        remote.healthy = true;
        await("a probe closes the circuit", () -> {
            source.probe();
            return source.isClosed();
        });
        assertThat(signer.sign(new byte[] {0}).toCompletableFuture().get()).containsExactly(1);
        assertThat(events.states).endsWith("half_open", "closed");
    }

    @Test
    void inHalfOpenOnlyOneCallReachesTheSignerAndANotFoundCountsAsAnAnswer() throws Exception {
        Remote remote = new Remote();
        var source = CircuitBreakingKeySource.wrap(remote, FAST, "p", new Events());
        remote.healthy = false;
        for (int i = 0; i < 4; i++) {
            assertThat(failure(source.merchantKey(REF))).hasMessageContaining("Vault is sealed");
        }
        assertThat(source.state()).isEqualTo("open");
        assertThat(remote.loads.get()).isEqualTo(4);
        Thread.sleep(250);
        remote.healthy = true;
        // One call goes through (it half-opens the circuit and succeeds) and closes it.
        assertThat(source.merchantKey(REF).toCompletableFuture().get()).isNotNull();
        assertThat(source.isClosed()).isTrue();

        for (int i = 0; i < 10; i++) {
            assertThat(failure(source.merchantKey(new KeyRef(REF.clientId(), 9))))
                    .isInstanceOf(KeyNotFoundException.class);
        }
        assertThat(source.isClosed())
                .as("'not found' is an answer: the signer is reachable")
                .isTrue();
    }
}
