package io.amsgateway.server.proxy;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.EncryptionException;
import io.amsgateway.core.crypto.RsaAes;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.key.MerchantKey;
import io.amsgateway.core.protocol.ApiKey;
import io.amsgateway.core.protocol.EncryptedMessages;
import io.amsgateway.core.protocol.HeaderNames;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.RequestSigning;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import io.amsgateway.server.GatewayVersion;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.CallTrace;
import io.amsgateway.server.call.CallTracer;
import io.amsgateway.server.call.GatewayRequest;
import io.amsgateway.server.call.UnverifiedAlipayResult;
import io.amsgateway.server.metrics.ApiLabels;
import io.amsgateway.server.profile.ClientProfile;
import io.amsgateway.server.profile.ProfileRegistry;
import io.amsgateway.server.upstream.UpstreamRequest;
import io.amsgateway.server.upstream.UpstreamResponse;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The AMS call service: one proxied call, from the caller's bytes to a verified answer
 * (docs/request-path.md): check the method, path and body; choose the profile; rewrite the
 * sandbox path; stamp {@code Request-Time}; encrypt if the profile says so; sign; send through the
 * profile's {@link io.amsgateway.server.upstream.Upstream}; verify the answer with the strict rule
 * (fail closed); decrypt; complete with Alipay's body unchanged, or fail with a {@link
 * GatewayException}.
 *
 * <p>Headers sent upstream are exactly: {@code Content-Type}, {@code Client-Id}, {@code
 * Request-Time}, {@code Signature}, {@code Encrypt} (only when encrypting), {@code User-Agent},
 * {@code Agent-Token} (only when the caller sent one; Alipay does not sign it), plus {@code
 * Host}, {@code Content-Length} and {@code Connection}. Nothing else the caller sent is forwarded:
 * in particular a caller's own {@code Signature}, {@code Request-Time}, {@code Client-Id} or
 * {@code Encrypt} never reaches Alipay.
 *
 * <p>Thread-safe; {@link #handle} runs on the caller connection's thread and never blocks. When a
 * key source or a remote signer answers on its own thread, the call continues on the {@link
 * CallContext#executor() caller's thread}.
 */
public final class ProxyService implements CallHandler {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProxyService.class);
    /** Answers that do not verify (a key rotation at Alipay): one WARN per burst, with a count. */
    private final io.amsgateway.server.logging.RepeatedWarnings unverified =
            new io.amsgateway.server.logging.RepeatedWarnings(log, java.time.Duration.ofSeconds(10));

    static final String USER_AGENT = "ams-gateway/" + GatewayVersion.current();

    private final ProfileRegistry profiles;
    private final LongSupplier clock;
    private final CallTracer tracer;
    private final SecureRandom random = new SecureRandom();

    public ProxyService(ProfileRegistry profiles, LongSupplier clockMillis) {
        this(profiles, clockMillis, CallTracer.NONE);
    }

    /** A service whose calls are traced by {@code tracer} (spans: key lookup, sign, upstream, verify). */
    public ProxyService(ProfileRegistry profiles, LongSupplier clockMillis, CallTracer tracer) {
        this.profiles = profiles;
        this.clock = clockMillis;
        this.tracer = tracer;
    }

    /**
     * Proxies one call: completes with Alipay's verified answer, or fails (or throws) with a
     * {@link GatewayException}. The outcome is counted under the profile once the request is known
     * to be well-formed.
     */
    @Override
    public CompletableFuture<CallResult> handle(CallContext call, GatewayRequest req) {
        call.trace(tracer.start(call));
        ClientProfile admitted = CallContext.NONE.equals(call.profile()) ? null : profiles.named(call.profile());
        ClientProfile profile = admitted != null ? admitted : admit(call, req);
        return new Call(
                        call,
                        profile,
                        profile.cfg().sandbox().apply(profile.cfg().clientId(), req.uri()))
                .run(req);
    }

    /**
     * The checks of a call before anything is signed, and the profile it is for: the API label,
     * the path and method, the profile by {@code Client-Id} (or the default), and the body. Notes
     * the profile and its Client-Id on {@code call}. The caller edge runs this before its policy
     * and limits (which need the profile); {@link #handle} then uses the profile it noted, and
     * runs this itself for a call that did not pass the edge.
     *
     * @throws GatewayException {@code ROUTE_NOT_FOUND}, {@code METHOD_NOT_ALLOWED}, {@code
     *     UNKNOWN_CLIENT}, {@code INVALID_REQUEST}...
     */
    public ClientProfile admit(CallContext call, GatewayRequest req) {
        call.api(ApiLabels.of(req.uri()));
        ApiPaths.checkRoute(req.method(), req.uri());
        ClientProfile profile = profiles.select(req.clientId());
        call.merchantIds(JsonBodies.check(req.body())); // one pass: the check and the audit's ids
        call.profile(profile.name());
        call.clientId(profile.cfg().clientId());
        return profile;
    }

    /** The state of one call. */
    private final class Call {
        final CallContext call;
        final ClientProfile profile;
        final String target;

        Call(CallContext call, ClientProfile profile, String target) {
            this.call = call;
            this.profile = profile;
            this.target = target;
        }

        CompletableFuture<CallResult> run(GatewayRequest req) {
            if (profile.cfg().apiKeyAuth()) {
                return withApiKey(req);
            }
            CallTrace.Span lookup = call.trace().start(CallTrace.KEY_LOOKUP);
            CompletableFuture<MerchantKey> key = profile.primaryKey();
            CompletableFuture<VerifierSet> alipay = profile.alipayKeys();
            CompletableFuture<Void> keys = CompletableFuture.allOf(key, alipay);
            keys.whenComplete((x, e) -> lookup.end(e));
            return resume(keys, call.executor()).thenCompose(x -> signAndSend(req, key.join(), alipay.join()));
        }

        CompletableFuture<CallResult> signAndSend(GatewayRequest req, MerchantKey key, VerifierSet alipay) {
            String clientId = profile.cfg().clientId();
            String requestTime = profile.cfg().requestTimeFormat().format(clock.getAsLong());
            Map<String, String> headers = new LinkedHashMap<>();
            byte[] body = req.body();
            if (profile.cfg().encryption().enabled()) {
                EncryptedMessages.Encrypted enc;
                try {
                    enc = EncryptedMessages.encrypt(
                            body,
                            alipay.publicKey(null),
                            profile.cfg().encryption().aesKeyBits(),
                            random);
                } catch (EncryptionException e) {
                    throw new GatewayException(
                            ErrorCode.SIGNING_FAILED, "encrypting the request failed; nothing was sent");
                }
                body = enc.body();
                headers.put(HeaderNames.ENCRYPT, enc.encryptHeader());
                headers.put(HeaderNames.CONTENT_TYPE, RsaAes.CONTENT_TYPE);
            } else {
                headers.put(HeaderNames.CONTENT_TYPE, HeaderNames.JSON_UTF8);
            }
            headers.put(HeaderNames.CLIENT_ID, clientId);
            headers.put(HeaderNames.REQUEST_TIME, requestTime);
            headers.put(HeaderNames.USER_AGENT, USER_AGENT);
            if (req.agentToken() != null) {
                headers.put(HeaderNames.AGENT_TOKEN, req.agentToken());
            }
            byte[] sent = body;
            call.signingKeyVersion(key.ref().keyVersion());
            long signStart = System.nanoTime();
            CallTrace.Span signing = call.trace().start(CallTrace.SIGN);
            CompletableFuture<String> signature;
            try {
                signature = RequestSigning.signatureHeader(key.signer(), clientId, "POST", target, requestTime, sent)
                        .toCompletableFuture();
            } catch (RuntimeException e) {
                signing.fail(e);
                throw e;
            }
            signature.whenComplete((v, e) -> signing.end(e));
            return resume(signature, call.executor())
                    .thenCompose(sig -> {
                        call.signNanos(System.nanoTime() - signStart);
                        headers.put(HeaderNames.SIGNATURE, sig);
                        call.upstreamStarted(true);
                        CallTrace.Span upstream = call.trace().start(CallTrace.UPSTREAM);
                        return profile.upstream()
                                .exchange(new UpstreamRequest(target, headers, sent))
                                .whenComplete((r, e) -> upstream.end(e));
                    })
                    .thenCompose(r -> {
                        // The upstream completes on its connection's thread: log lines from here on
                        // carry the call's ids too.
                        try (CallContext.Scope s = call.scope()) {
                            return verified(r, key, alipay);
                        }
                    });
        }

        /**
         * An API-key call (issue 12): {@code Authorization: Bearer <key>} and nothing signed; the
         * answer is not signed by Alipay, so it is passed on as {@link CallResult.Unverified}.
         */
        CompletableFuture<CallResult> withApiKey(GatewayRequest req) {
            if (req.agentToken() != null) {
                throw new GatewayException(
                        ErrorCode.INVALID_REQUEST,
                        "profile " + profile.name() + " authenticates with an API key, which cannot be combined"
                                + " with Agent-Token; nothing was sent");
            }
            boolean sandboxTarget = target.startsWith("/ams/sandbox/api/");
            if (sandboxTarget != profile.cfg().sandboxPaths()) {
                throw new GatewayException(
                        ErrorCode.INVALID_REQUEST,
                        "profile " + profile.name() + " has a " + (profile.cfg().sandboxPaths() ? "TEST" : "PROD")
                                + " API key, which serves "
                                + (profile.cfg().sandboxPaths() ? "/ams/sandbox/api/" : "/ams/api/")
                                + " paths only; nothing was sent");
            }
            CallTrace.Span lookup = call.trace().start(CallTrace.KEY_LOOKUP);
            CompletableFuture<ApiKey> apiKey = profile.apiKey();
            apiKey.whenComplete((k, e) -> lookup.end(e));
            return resume(apiKey, call.executor())
                    .thenCompose(key -> {
                        Map<String, String> headers = new LinkedHashMap<>();
                        headers.put(HeaderNames.CONTENT_TYPE, HeaderNames.JSON_UTF8);
                        headers.put(HeaderNames.AUTHORIZATION, key.authorization());
                        headers.put(HeaderNames.USER_AGENT, USER_AGENT);
                        CallTrace.Span upstream = call.trace().start(CallTrace.UPSTREAM);
                        return profile.upstream()
                                .exchange(new UpstreamRequest(target, headers, req.body()))
                                .whenComplete((r, e) -> upstream.end(e));
                    })
                    .thenApply(r -> {
                        call.upstreamNanos(r.upstreamNanos());
                        if (r.status() != 200) {
                            throw new GatewayException(
                                    ErrorCode.UPSTREAM_BAD_STATUS,
                                    "Alipay answered HTTP " + r.status()
                                            + "; the request may have been executed, inquire before retrying");
                        }
                        return new CallResult.Unverified(r.body());
                    });
        }

        CompletableFuture<CallResult> verified(UpstreamResponse r, MerchantKey key, VerifierSet alipay) {
            call.upstreamNanos(r.upstreamNanos());
            if (r.status() != 200) {
                throw new GatewayException(
                        ErrorCode.UPSTREAM_BAD_STATUS,
                        "Alipay answered HTTP " + r.status()
                                + "; the request may have been executed, inquire before retrying");
            }
            long verifyStart = System.nanoTime();
            CallTrace.Span verifying = call.trace().start(CallTrace.VERIFY);
            SignedHeaders signed = new SignedHeaders(
                    r.header(HeaderNames.CLIENT_ID),
                    r.header(HeaderNames.RESPONSE_TIME),
                    r.header(HeaderNames.SIGNATURE));
            CompletableFuture<VerifiedMessage> proof = profile.verifyWithReload(
                    alipay,
                    keys -> MessageVerifier.verify("POST", target, profile.cfg().clientId(), signed, r.body(), keys));
            proof.whenComplete((p, e) -> verifying.end(e));
            return resume(proof, call.executor()).handle((p, e) -> answer(r, key, p, e, verifyStart));
        }

        CallResult answer(
                UpstreamResponse r,
                MerchantKey key,
                @Nullable VerifiedMessage proof,
                @Nullable Throwable failure,
                long verifyStart) {
            if (failure != null) {
                // The request was sent: whatever went wrong here, the outcome is unknown (U).
                Throwable cause = Futures.unwrap(failure);
                VerificationException.Reason reason = cause instanceof VerificationException e
                        ? e.reason()
                        : VerificationException.Reason.UNKNOWN_KEY_VERSION; // reloading Alipay's keys failed
                call.verificationFailed(profile.name(), reason);
                String sig = r.header(HeaderNames.SIGNATURE);
                if (sig == null || sig.isBlank()) {
                    // Unsigned: Alipay's own error answers may be (e.g. when it rejects our signature).
                    // Still withheld and U; what it said is shown as unverified (F or U results only).
                    UnverifiedAlipayResult.parse(r.body()).ifPresent(call::unverifiedResult);
                }
                unverified.warn(
                        "profile " + profile.name() + ": answers that did not verify (" + reason + ")",
                        "profile {}: Alipay's answer to {} did not verify ({}); withheld from the caller",
                        profile.name(),
                        call.api(),
                        cause instanceof VerificationException ? reason : reason + ": " + cause.getMessage());
                throw new GatewayException(
                        ErrorCode.RESPONSE_SIGNATURE_INVALID,
                        "Alipay's answer could not be verified (" + reason
                                + "); it was withheld. The request may have"
                                + " been executed: inquire before retrying");
            }
            call.verifyNanos(System.nanoTime() - verifyStart);
            byte[] body = r.body();
            String encrypt = r.header(HeaderNames.ENCRYPT);
            if (encrypt != null) {
                if (key.privateKey() == null) {
                    throw new GatewayException(
                            ErrorCode.RESPONSE_DECRYPTION_FAILED,
                            "Alipay's verified answer is encrypted, but this profile's key stays in its key source");
                }
                try {
                    body = EncryptedMessages.decrypt(encrypt, body, key.privateKey());
                } catch (EncryptionException e) {
                    throw new GatewayException(
                            ErrorCode.RESPONSE_DECRYPTION_FAILED,
                            "Alipay's verified answer could not be decrypted: " + e.getMessage());
                }
            }
            return new CallResult.Verified(
                    body, java.util.Objects.requireNonNull(proof).keyVersion());
        }
    }

    /**
     * {@code f}, continued on {@code executor}: as is when already complete (a cache hit, local
     * signing), else completed on the executor once {@code f} is (Vault answers on its own
     * threads; the rest of the call runs on the caller's).
     */
    private static <T> CompletableFuture<T> resume(CompletableFuture<T> f, Executor executor) {
        if (f.isDone()) {
            return f;
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> executor.execute(() -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(v);
            }
        }));
        return out;
    }
}
