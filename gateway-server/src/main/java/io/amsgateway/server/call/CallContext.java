package io.amsgateway.server.call;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.server.caller.Caller;
import io.amsgateway.server.caller.CallerConnection;
import io.amsgateway.server.caller.RequestIds;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
    private volatile @Nullable CallerConnection connection;
    private volatile @Nullable Caller caller;
    private volatile @Nullable String decision;
    private volatile @Nullable String reason;
    private volatile @Nullable String clientId;
    private volatile int signingKeyVersion = -1;
    private volatile RequestIds requestIds = RequestIds.NONE;
    private volatile @Nullable String apiPath;
    private final List<Runnable> atExit = new ArrayList<>(1);

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

    /** The connection the call came in on (listener, peer, verified client certificate), or null. */
    public @Nullable CallerConnection connection() {
        return connection;
    }

    public void connection(CallerConnection c) {
        this.connection = c;
    }

    /**
     * Who calls, once the caller edge identified them (anonymous when it could not), or null for a
     * call that never reached the caller edge (a notification, an edge refusal). A call with a
     * caller gets an audit record at the exit.
     */
    public @Nullable Caller caller() {
        return caller;
    }

    public void caller(Caller c) {
        this.caller = c;
    }

    /**
     * The caller edge's decision for the audit record ({@code allowed}, {@code forbidden}, {@code
     * rate-limited}...), or null before one was made.
     */
    public @Nullable String decision() {
        return decision;
    }

    /** Why, for the audit record (the policy's reason or the limit's message), or null. */
    public @Nullable String reason() {
        return reason;
    }

    public void decision(String decision, @Nullable String reason) {
        this.decision = decision;
        this.reason = reason;
    }

    /** The Client-Id the call was made for (the profile's), or null before one was chosen. */
    public @Nullable String clientId() {
        return clientId;
    }

    public void clientId(String id) {
        this.clientId = id;
    }

    /** The merchant key version that signed the call, or -1 when nothing was signed. */
    public int signingKeyVersion() {
        return signingKeyVersion;
    }

    public void signingKeyVersion(int version) {
        this.signingKeyVersion = version;
    }

    /**
     * The API path caller rules name ({@code payments/inquiryPayment}), unbounded unlike the API
     * label, for the audit record; null when the target is not a plain AMS API path.
     */
    public @Nullable String apiPath() {
        return apiPath;
    }

    public void apiPath(@Nullable String path) {
        this.apiPath = path;
    }

    /** The merchant's ids in the body ({@code paymentRequestId}, {@code refundRequestId}), for the audit record. */
    public RequestIds requestIds() {
        return requestIds;
    }

    public void requestIds(RequestIds ids) {
        this.requestIds = ids;
    }

    /**
     * Runs {@code action} once the answer has been rendered and recorded by the exit (e.g. gives a
     * limit's permit back). Registered by the steps on the call's thread.
     */
    public void atExit(Runnable action) {
        synchronized (atExit) {
            atExit.add(action);
        }
    }

    /** Runs what {@link #atExit} registered, once; called by {@link CallExit}. */
    void exited() {
        List<Runnable> run;
        synchronized (atExit) {
            run = List.copyOf(atExit);
            atExit.clear();
        }
        for (Runnable r : run) {
            r.run();
        }
    }

    @Override
    public String toString() {
        return "CallContext[" + requestId + ", " + profile + ", " + api + "]";
    }
}
