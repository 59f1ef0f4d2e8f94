package io.amsgateway.server.call;

import io.amsgateway.core.crypto.VerificationException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One call from its arrival to its answer: created by the edge when a request arrives (or is
 * refused before it is complete), filled in by the steps and the service as they learn who the
 * call is for, and read once by the exit to render and record the answer.
 *
 * <p>What it holds is what every answer is recorded with: the request id, the profile the outcome
 * is counted under ({@value #NONE} until a service attributes it), the API label, the times spent
 * signing, upstream and verifying, and a verification failure. Services note these here instead
 * of recording metrics themselves, so the exit records each call once. The call's outcome itself
 * is the service's result or failure, which the exit renders; see {@code docs/request-path.md}.
 *
 * <p>Written by one thread at a time (the caller connection's event loop, or the thread a
 * service's future completes on) and read by the exit after the service's future completes;
 * fields are volatile so a hand-over between threads is always seen.
 */
public final class CallContext {
    /** The profile and API of a call that never got one. */
    public static final String NONE = "-";

    private static final String INSTANCE = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String requestId;
    private final long startNanos;
    private final Executor executor;
    private volatile String profile = NONE;
    private volatile String api = NONE;
    private volatile long upstreamNanos;
    private volatile long signNanos = -1;
    private volatile long verifyNanos = -1;
    private volatile @Nullable VerificationFailure verificationFailure;
    private volatile @Nullable UnverifiedAlipayResult unverifiedResult;

    /** A message from Alipay that did not verify, counted under {@code profile}. */
    public record VerificationFailure(String profile, VerificationException.Reason reason) {}

    /**
     * A call that starts now.
     *
     * @param executor the caller connection's thread: a service that waited for another thread
     *     (a key source, a remote signer) continues there, so the rest of the call stays on it
     */
    public CallContext(Executor executor) {
        this.requestId = INSTANCE + "-" + Long.toHexString(SEQUENCE.incrementAndGet());
        this.startNanos = System.nanoTime();
        this.executor = executor;
    }

    /** Unique per call within this process and unlikely to repeat across replicas. */
    public String requestId() {
        return requestId;
    }

    /** When the request arrived, from {@link System#nanoTime()}. */
    public long startNanos() {
        return startNanos;
    }

    /** The caller connection's thread (see the constructor). */
    public Executor executor() {
        return executor;
    }

    /** The profile the outcome is counted under, or {@value #NONE}. */
    public String profile() {
        return profile;
    }

    /** Counts the outcome under {@code name} from now on. */
    public void profile(String name) {
        this.profile = name;
    }

    /** The API label of the call (bounded set), or {@value #NONE}. */
    public String api() {
        return api;
    }

    public void api(String label) {
        this.api = label;
    }

    /** Time spent upstream, or 0 when nothing was sent. */
    public long upstreamNanos() {
        return upstreamNanos;
    }

    public void upstreamNanos(long nanos) {
        this.upstreamNanos = nanos;
    }

    /** Time spent signing (and encrypting), or -1 when nothing was signed. */
    public long signNanos() {
        return signNanos;
    }

    public void signNanos(long nanos) {
        this.signNanos = nanos;
    }

    /** Time spent verifying Alipay's answer, or -1 when none verified. */
    public long verifyNanos() {
        return verifyNanos;
    }

    public void verifyNanos(long nanos) {
        this.verifyNanos = nanos;
    }

    /** Why a message from Alipay did not verify, or null. */
    public @Nullable VerificationFailure verificationFailure() {
        return verificationFailure;
    }

    public void verificationFailed(String profileName, VerificationException.Reason reason) {
        this.verificationFailure = new VerificationFailure(profileName, reason);
    }

    /** What Alipay said in an unsigned error answer (shown to the caller as unverified), or null. */
    public @Nullable UnverifiedAlipayResult unverifiedResult() {
        return unverifiedResult;
    }

    public void unverifiedResult(UnverifiedAlipayResult result) {
        this.unverifiedResult = result;
    }

    @Override
    public String toString() {
        return "CallContext[" + requestId + ", " + profile + ", " + api + "]";
    }
}
