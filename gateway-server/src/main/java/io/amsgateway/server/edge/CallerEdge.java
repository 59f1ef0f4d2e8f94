package io.amsgateway.server.edge;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.CallStep;
import io.amsgateway.server.call.GatewayRequest;
import io.amsgateway.server.caller.ApiPath;
import io.amsgateway.server.caller.BearerTokens;
import io.amsgateway.server.caller.CallLimits;
import io.amsgateway.server.caller.Caller;
import io.amsgateway.server.caller.CallerConnection;
import io.amsgateway.server.caller.CallerIdentifier;
import io.amsgateway.server.caller.CallerPolicy;
import io.amsgateway.server.caller.CallerPolicyHolder;
import io.amsgateway.server.caller.LimitExceededException;
import io.amsgateway.server.caller.ListenerKind;
import io.amsgateway.server.caller.PolicyDecision;
import io.amsgateway.server.caller.RateLimiters;
import io.amsgateway.server.caller.RequestIds;
import io.amsgateway.server.config.EdgeConfig;
import io.amsgateway.server.config.LimitsConfig;
import io.amsgateway.server.config.ListenerConfig;
import io.amsgateway.server.metrics.ApiLabels;
import io.amsgateway.server.proxy.ProxyService;
import io.amsgateway.server.shared.SharedState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller edge in front of the AMS call service, as four {@link CallStep}s in this order:
 *
 * <ol>
 *   <li><b>identify</b>: {@link CallerIdentifier} from the connection's verified client
 *       certificate, the {@code Authorization: Bearer} header, or {@code local} on a loopback or
 *       Unix-socket listener; 401 {@code GATEWAY_CALLER_UNAUTHENTICATED} for a token it does not
 *       know or a certificate without a usable identity;
 *   <li><b>admit</b>: {@link ProxyService#admit} checks the path, the body and chooses the
 *       profile (the one rule for choosing it), since the policy and limits need it;
 *   <li><b>policy</b>: {@link CallerPolicy}: 401 for an anonymous caller once rules exist, 403
 *       {@code GATEWAY_CALLER_FORBIDDEN} naming the caller, the profile and the API; in {@code
 *       report} mode the call goes on and the record says {@code would-be-...};
 *   <li><b>limits</b>: {@link CallLimits} per caller and per profile: 429 {@code
 *       GATEWAY_RATE_LIMITED} with {@code Retry-After}, 503 {@code GATEWAY_CONCURRENCY_LIMITED};
 *       the permit is given back when the answer leaves the exit ({@link CallContext#atExit}).
 * </ol>
 *
 * <p>Each step notes what it decided on the {@link CallContext} (caller, decision, reason); the
 * exit writes the audit record from it, exactly once per call. {@link #apply} swaps the policy,
 * the tokens and the limits on a reload (SIGHUP) without touching calls in flight: a call reads
 * what is in force when it reaches a step, and a permit is given back to the limits that issued it.
 * Thread-safe; nothing here blocks.
 */
public final class CallerEdge {
    private static final Logger log = LoggerFactory.getLogger(CallerEdge.class);

    /** The audit decision of a call refused by a rate. */
    public static final String RATE_LIMITED = "rate-limited";
    /** The audit decision of a call refused by a concurrency limit. */
    public static final String CONCURRENCY_LIMITED = "concurrency-limited";

    private final ListenerConfig listener;
    private final boolean tcpListener;
    private final AtomicReference<EdgeConfig> config;
    private final AtomicReference<CallerIdentifier> identifier;
    private final CallerPolicyHolder policy;
    private final AtomicReference<CallLimits> limits;
    private final SharedState shared;

    /**
     * The edge of {@code edge}'s callers and limits.
     *
     * @param listener the TCP listener, for the start-up rule on reloads
     * @param tcpListener whether the TCP listener is on
     * @param shared where limits marked {@code shared = true} count (Redis), or in memory
     */
    public CallerEdge(EdgeConfig edge, ListenerConfig listener, boolean tcpListener, SharedState shared) {
        this.shared = shared;
        this.listener = listener;
        this.tcpListener = tcpListener;
        this.config = new AtomicReference<>(edge);
        this.identifier = new AtomicReference<>(
                new CallerIdentifier(new BearerTokens(edge.callers().tokens())));
        this.policy = new CallerPolicyHolder(CallerPolicy.from(edge.callers()));
        this.limits = new AtomicReference<>(newLimits(edge.limits()));
    }

    /** {@code service} behind the four steps. */
    public CallHandler inFrontOf(ProxyService service) {
        List<CallStep> steps = List.of(
                this::identify,
                (call, request, next) -> {
                    try {
                        service.admit(call, request); // reads the merchant's ids with its body check
                    } catch (GatewayException e) {
                        readIdsAnyway(call, request);
                        throw e;
                    }
                    return next.handle(call, request);
                },
                this::decide,
                this::limit);
        return CallStep.chain(steps, service);
    }

    private CompletableFuture<CallResult> identify(CallContext call, GatewayRequest request, CallHandler next) {
        CallerConnection c = call.connection();
        if (c == null) {
            // A call that did not come through a listener (a test's direct call): nothing vouches for it.
            c = new CallerConnection(ListenerKind.NETWORK, "none", "unknown", null);
        }
        call.api(ApiLabels.of(request.uri()));
        call.apiPath(ApiPath.of(request.uri()).orElse(null));
        Caller caller;
        try {
            caller = identifier
                    .get()
                    .identify(c.kind(), c.listener(), c.remoteAddress(), c.peer(), request.authorization());
        } catch (GatewayException e) {
            call.caller(Caller.anonymous(c.listener(), c.remoteAddress()));
            call.decision("unauthenticated", e.getMessage());
            readIdsAnyway(call, request);
            throw e;
        }
        call.caller(caller);
        return next.handle(call, request);
    }

    /**
     * The merchant's ids for the audit record of a call refused before the body check read them
     * (or by it): read leniently, keeping what precedes an error in the body.
     */
    private static void readIdsAnyway(CallContext call, GatewayRequest request) {
        if (call.merchantIds() == RequestIds.NONE) {
            call.merchantIds(RequestIds.of(request.body()));
        }
    }

    private CompletableFuture<CallResult> decide(CallContext call, GatewayRequest request, CallHandler next) {
        Caller caller = Objects.requireNonNull(call.caller());
        PolicyDecision d = policy.current().decide(caller, call.profile(), request.uri());
        call.decision(d.auditName(), d.outcome() == PolicyDecision.Outcome.ALLOWED ? d.rule() : d.reason());
        d.enforce();
        return next.handle(call, request);
    }

    /** Per-caller and per-profile limits; rates marked {@code shared} count in Redis when it is configured. */
    private CallLimits newLimits(LimitsConfig l) {
        return new CallLimits(l.perCaller(), l.perProfile(), RateLimiters.create(shared, l));
    }

    private CompletableFuture<CallResult> limit(CallContext call, GatewayRequest request, CallHandler next) {
        Caller caller = Objects.requireNonNull(call.caller());
        CompletableFuture<CallLimits.Permit> acquired = limits.get().acquireAsync(caller.identity(), call.profile());
        if (acquired.isDone()) { // in-memory limits answer at once: go on without a thread hop
            return acquired.handle((permit, e) -> admitted(call, request, next, permit, e))
                    .thenCompose(f -> f);
        }
        // A shared (Redis) rate answers on the client's thread: go on on the caller's.
        return acquired.handleAsync((permit, e) -> admitted(call, request, next, permit, e), call.executor())
                .thenCompose(f -> f);
    }

    private CompletableFuture<CallResult> admitted(
            CallContext call,
            GatewayRequest request,
            CallHandler next,
            CallLimits.@Nullable Permit permit,
            @Nullable Throwable failure) {
        if (failure != null) {
            Throwable t = Futures.unwrap(failure);
            if (t instanceof LimitExceededException e) {
                call.decision(e.code() == ErrorCode.RATE_LIMITED ? RATE_LIMITED : CONCURRENCY_LIMITED, e.getMessage());
            }
            return CompletableFuture.failedFuture(t);
        }
        call.atExit(Objects.requireNonNull(permit)::close);
        return next.handle(call, request);
    }

    /** The limits in force (for tests: calls in flight per caller and profile). */
    public CallLimits limits() {
        return limits.get();
    }

    /** The policy in force. */
    public CallerPolicy policy() {
        return policy.current();
    }

    /**
     * Puts {@code next}'s caller rules, mode, tokens and limits in force for calls that reach the
     * steps from now on; calls in flight keep what they were decided with, and their permits go
     * back to the limits that issued them (so for a moment the old and new in-flight counts are
     * separate). Listener settings (TLS, the Unix socket, read timeouts) and the global caps are
     * reported as needing a restart. A change that would leave a network listener without rules
     * is refused and the running policy kept.
     *
     * @return one line per change or refusal (empty when nothing changed)
     */
    public synchronized List<String> apply(EdgeConfig next) {
        EdgeConfig running = config.get();
        List<String> lines = new ArrayList<>();
        if (!running.tls().equals(next.tls())
                || !running.unixSocket().equals(next.unixSocket())
                || !running.readTimeout().equals(next.readTimeout())
                || running.limits().maxConnections() != next.limits().maxConnections()
                || running.limits().maxBufferedBodyBytes() != next.limits().maxBufferedBodyBytes()) {
            lines.add("gateway.listener (tls, unix-socket, request-read-timeout) or gateway.limits global caps"
                    + " changed; they need a restart, unchanged (TLS files themselves are reloaded on their own)");
        }
        if (!running.callers().equals(next.callers())) {
            if (tcpListener && next.callers().rules().isEmpty()) {
                try {
                    CallerPolicy.requireRulesFor(listener, next.callers());
                } catch (IllegalStateException e) {
                    lines.add("gateway.callers not applied: " + e.getMessage());
                    next = new EdgeConfig(
                            next.tls(), next.unixSocket(), next.readTimeout(), running.callers(), next.limits());
                }
            }
            if (!running.callers().equals(next.callers())) {
                policy.replace(CallerPolicy.from(next.callers()));
                identifier.set(
                        new CallerIdentifier(new BearerTokens(next.callers().tokens())));
                lines.add("gateway.callers: " + next.callers().rules().size() + " rules ("
                        + next.callers().mode() + "), "
                        + next.callers().tokens().size() + " tokens, in force for new calls");
            }
        }
        if (!running.limits().perCaller().equals(next.limits().perCaller())
                || !running.limits().perProfile().equals(next.limits().perProfile())
                || running.limits().maxTrackedCallers() != next.limits().maxTrackedCallers()) {
            limits.set(newLimits(next.limits()));
            lines.add("gateway.limits: per-caller " + next.limits().perCaller() + ", per-profile "
                    + next.limits().perProfile() + ", in force for new calls (rate buckets start full)");
        }
        EdgeConfig applied = new EdgeConfig(
                running.tls(),
                running.unixSocket(),
                running.readTimeout(),
                next.callers(),
                new LimitsConfig(
                        next.limits().perCaller(),
                        next.limits().perProfile(),
                        next.limits().maxTrackedCallers(),
                        running.limits().maxConnections(),
                        running.limits().maxBufferedBodyBytes()));
        config.set(applied);
        lines.forEach(l -> log.info("reload: {}", l));
        return lines;
    }
}
