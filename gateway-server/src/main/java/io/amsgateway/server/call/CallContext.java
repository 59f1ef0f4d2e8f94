package io.amsgateway.server.call;

import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.server.caller.Caller;
import io.amsgateway.server.caller.CallerConnection;
import io.amsgateway.server.logging.LogFields;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

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
 * <p>Correlation: the {@linkplain #requestId() request id} ({@link RequestIds}) and the caller's
 * {@linkplain #traceParent() trace context} ({@link TraceParent}) are put in the logging MDC
 * ({@value #MDC_REQUEST_ID}, {@value #MDC_TRACE_ID}, {@value #MDC_SPAN_ID}) by {@link #scope()}
 * while the call's work runs: the edge opens a scope around the service, {@link #executor()}
 * around every continuation it runs, and the exit around recording, so every log line of the
 * call carries them on whichever thread it is written.
 *
 * <p>Written by one thread at a time (the caller connection's event loop, or the thread a
 * service's future completes on) and read by the exit after the service's future completes;
 * fields are volatile so a hand-over between threads is always seen.
 */
public final class CallContext {
    /** The profile and API of a call that never got one. */
    public static final String NONE = "-";
    /** The MDC key (and JSON log field) of the request id (ECS {@code http.request.id}). */
    public static final String MDC_REQUEST_ID = LogFields.REQUEST_ID;
    /** The MDC key (and JSON log field) of the trace id (ECS {@code trace.id}). */
    public static final String MDC_TRACE_ID = LogFields.TRACE_ID;
    /** The MDC key (and JSON log field) of the call's span id when it is traced (ECS {@code span.id}). */
    public static final String MDC_SPAN_ID = LogFields.SPAN_ID;

    private final String requestId;
    private final @Nullable TraceParent traceParent;
    private final long startNanos;
    private final long startEpochNanos;
    private final Executor executor;
    private volatile CallTrace trace = CallTrace.NONE;
    private volatile String profile = NONE;
    private volatile String api = NONE;
    private volatile long upstreamNanos;
    private volatile boolean upstreamStarted;
    private volatile long signNanos = -1;
    private volatile long verifyNanos = -1;
    private volatile @Nullable VerificationFailure verificationFailure;
    private volatile @Nullable CallerConnection connection;
    private volatile @Nullable Caller caller;
    private volatile @Nullable String decision;
    private volatile @Nullable String reason;
    private volatile @Nullable String clientId;
    private volatile int signingKeyVersion = -1;
    private volatile io.amsgateway.server.caller.RequestIds merchantIds = io.amsgateway.server.caller.RequestIds.NONE;
    private volatile @Nullable String apiPath;
    private final List<Runnable> atExit = new ArrayList<>(1);
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
        this(executor, null, null);
    }

    /**
     * A call that starts now, with the caller's correlation headers.
     *
     * @param executor the caller connection's thread (see {@link #CallContext(Executor)})
     * @param requestIdHeader the caller's {@code X-Request-Id}: the call's id when sane ({@link
     *     RequestIds#isSane}), else one is made
     * @param traceparentHeader the caller's {@code traceparent}: ignored when invalid
     */
    public CallContext(Executor executor, @Nullable String requestIdHeader, @Nullable String traceparentHeader) {
        this.startNanos = System.nanoTime();
        this.startEpochNanos = epochNanos();
        this.requestId = RequestIds.accept(requestIdHeader);
        this.traceParent = TraceParent.parse(traceparentHeader);
        this.executor = task -> executor.execute(() -> {
            try (Scope s = scope()) {
                task.run();
            }
        });
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * The caller's sane {@code X-Request-Id}, or one made for the call (see {@link RequestIds}):
     * returned to the caller on every answer, in every log line of the call, never sent to Alipay.
     */
    public String requestId() {
        return requestId;
    }

    /** The caller's valid {@code traceparent}, or null. Never sent to Alipay. */
    public @Nullable TraceParent traceParent() {
        return traceParent;
    }

    /**
     * The call's trace id: its span's when it is traced, else the caller's {@code traceparent}'s,
     * else null.
     */
    public @Nullable String traceId() {
        String id = trace.traceId();
        if (id != null) {
            return id;
        }
        return traceParent == null ? null : traceParent.traceId();
    }

    /** When the request arrived, in nanoseconds since the epoch (for spans). */
    public long startEpochNanos() {
        return startEpochNanos;
    }

    /** The call's spans ({@link CallTrace#NONE} unless a tracer started them). */
    public CallTrace trace() {
        return trace;
    }

    /** Sets the call's spans (once, by the service that traces it). */
    public void trace(CallTrace t) {
        this.trace = t;
    }

    /**
     * Puts the call's ids in the logging MDC of this thread until {@link Scope#close()}, which
     * restores what was there (scopes nest). Cheap: a few thread-local map operations.
     */
    public Scope scope() {
        return new Scope(this);
    }

    /** The call's ids in this thread's MDC; see {@link #scope()}. */
    public static final class Scope implements AutoCloseable {
        private final @Nullable String requestId;
        private final @Nullable String traceId;
        private final @Nullable String spanId;

        Scope(CallContext call) {
            requestId = MDC.get(MDC_REQUEST_ID);
            traceId = MDC.get(MDC_TRACE_ID);
            spanId = MDC.get(MDC_SPAN_ID);
            MDC.put(MDC_REQUEST_ID, call.requestId);
            set(MDC_TRACE_ID, call.traceId());
            set(MDC_SPAN_ID, call.trace.spanId());
        }

        private static void set(String key, @Nullable String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }

        @Override
        public void close() {
            set(MDC_REQUEST_ID, requestId);
            set(MDC_TRACE_ID, traceId);
            set(MDC_SPAN_ID, spanId);
        }
    }

    /** When the request arrived, from {@link System#nanoTime()}. */
    public long startNanos() {
        return startNanos;
    }

    /**
     * The caller connection's thread (see the constructor); every task it runs runs in the
     * call's {@link #scope()}.
     */
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

    /**
     * Whether the request was handed to the upstream (Alipay, or the internal service for a
     * notification): from then on the outcome of a call the gateway gives up on is unknown ({@code U}).
     */
    public boolean upstreamStarted() {
        return upstreamStarted;
    }

    /** Notes that the request is being handed to the upstream now. */
    public void upstreamStarted(boolean started) {
        this.upstreamStarted = started;
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
    public io.amsgateway.server.caller.RequestIds merchantIds() {
        return merchantIds;
    }

    public void merchantIds(io.amsgateway.server.caller.RequestIds ids) {
        this.merchantIds = ids;
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
