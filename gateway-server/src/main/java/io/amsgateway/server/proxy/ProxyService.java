package io.amsgateway.server.proxy;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.EncryptionException;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.RsaAes;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.key.MerchantKey;
import io.amsgateway.core.protocol.EncryptHeader;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.RequestSigning;
import io.amsgateway.core.protocol.SignatureHeader;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import io.amsgateway.server.metrics.ApiLabels;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.amsgateway.server.upstream.UpstreamRequest;
import io.amsgateway.server.upstream.UpstreamResponse;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One proxied call, from the caller's bytes to a verified answer (DESIGN.md, "The request path"):
 * check the method, path and body; choose the profile; rewrite the sandbox path; stamp
 * {@code Request-Time}; encrypt if the profile says so; sign; send; verify the answer with the
 * strict rule (fail closed); decrypt; hand back Alipay's body unchanged.
 *
 * <p>Headers sent upstream are exactly: {@code Content-Type}, {@code Client-Id}, {@code
 * Request-Time}, {@code Signature}, {@code Encrypt} (only when encrypting), {@code User-Agent},
 * {@code Agent-Token} (only when the caller sent one; Alipay does not sign it), plus {@code
 * Host}, {@code Content-Length} and {@code Connection}. Nothing else the caller sent is forwarded:
 * in particular a caller's own {@code Signature}, {@code Request-Time}, {@code Client-Id} or
 * {@code Encrypt} never reaches Alipay.
 *
 * <p>Thread-safe; {@link #handle} runs on the caller connection's event loop and never blocks.
 */
public final class ProxyService {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProxyService.class);
    /** Answers that do not verify (a key rotation at Alipay): one WARN per burst, with a count. */
    private final io.amsgateway.server.logging.RepeatedWarnings unverified =
            new io.amsgateway.server.logging.RepeatedWarnings(log, java.time.Duration.ofSeconds(10));

    static final String USER_AGENT = "ams-gateway/" + version();

    private final ProfileRegistry profiles;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final GatewayMetrics metrics;
    private final @Nullable NotificationService notifications;

    public ProxyService(
            ProfileRegistry profiles,
            LongSupplier clockMillis,
            GatewayMetrics metrics,
            @Nullable NotificationService notifications) {
        this.notifications = notifications;
        this.profiles = profiles;
        this.metrics = metrics;
        this.clock = clockMillis;
    }

    /** Proxies one call; the future never fails: errors become Alipay-shaped answers. */
    public CompletableFuture<GatewayResponse> handle(GatewayRequest req, EventLoop loop) {
        if (notifications != null && notifications.matches(req.uri())) {
            return notifications.handle(req);
        }
        String api = ApiLabels.of(req.uri());
        ClientProfile profile;
        try {
            ApiPaths.checkRoute(req.method(), req.uri());
            profile = profiles.select(req.clientId());
            JsonBodies.check(req.body());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(GatewayResponse.error(e, "-", api, 0));
        }
        Call call = new Call(
                profile, api, profile.cfg().sandbox().apply(profile.cfg().clientId(), req.uri()));
        try {
            return call.run(req, loop)
                    .exceptionally(
                            e -> GatewayResponse.error(Futures.unwrap(e), profile.name(), api, call.upstreamNanos));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(GatewayResponse.error(e, profile.name(), api, 0));
        }
    }

    /** The state of one call. */
    private final class Call {
        final ClientProfile profile;
        final String api;
        final String target;
        long upstreamNanos;

        Call(ClientProfile profile, String api, String target) {
            this.profile = profile;
            this.api = api;
            this.target = target;
        }

        CompletableFuture<GatewayResponse> run(GatewayRequest req, EventLoop loop) {
            CompletableFuture<MerchantKey> key = profile.primaryKey();
            CompletableFuture<VerifierSet> alipay = profile.alipayKeys();
            return onLoop(CompletableFuture.allOf(key, alipay), loop)
                    .thenCompose(x -> signAndSend(req, loop, key.join(), alipay.join()));
        }

        CompletableFuture<GatewayResponse> signAndSend(
                GatewayRequest req, EventLoop loop, MerchantKey key, VerifierSet alipay) {
            String clientId = profile.cfg().clientId();
            String requestTime = Long.toString(clock.getAsLong());
            Map<String, String> headers = new LinkedHashMap<>();
            byte[] body = req.body();
            if (profile.cfg().encryption().enabled()) {
                RsaAes.Encrypted enc;
                try {
                    enc = RsaAes.encrypt(
                            body,
                            ((JcaVerifier) alipay.select(null)).publicKey(),
                            profile.cfg().encryption().aesKeyBits(),
                            random);
                } catch (EncryptionException e) {
                    throw new GatewayException(
                            ErrorCode.SIGNING_FAILED, "encrypting the request failed; nothing was sent");
                }
                body = enc.body();
                headers.put(EncryptHeader.NAME, enc.encryptHeader());
                headers.put("Content-Type", RsaAes.CONTENT_TYPE);
            } else {
                headers.put("Content-Type", "application/json; charset=UTF-8");
            }
            headers.put("Client-Id", clientId);
            headers.put("Request-Time", requestTime);
            headers.put("User-Agent", USER_AGENT);
            if (req.agentToken() != null) {
                headers.put("Agent-Token", req.agentToken());
            }
            byte[] sent = body;
            long signStart = System.nanoTime();
            CompletableFuture<String> signature = RequestSigning.signatureHeader(
                            key.signer(), "POST", target, requestTime, sent)
                    .toCompletableFuture();
            return onLoop(signature, loop)
                    .thenCompose(sig -> {
                        metrics.observeSign(profile.name(), System.nanoTime() - signStart);
                        headers.put(SignatureHeader.NAME, sig);
                        return profile.upstream().exchange(loop, new UpstreamRequest(target, headers, sent));
                    })
                    .thenCompose(r -> verified(r, key, alipay, loop));
        }

        CompletableFuture<GatewayResponse> verified(
                UpstreamResponse r, MerchantKey key, VerifierSet alipay, EventLoop loop) {
            upstreamNanos = r.upstreamNanos();
            if (r.status() != 200) {
                throw new GatewayException(
                        ErrorCode.UPSTREAM_BAD_STATUS,
                        "Alipay answered HTTP " + r.status()
                                + "; the request may have been executed, inquire before retrying");
            }
            long verifyStart = System.nanoTime();
            SignedHeaders signed =
                    new SignedHeaders(r.header("client-id"), r.header("response-time"), r.header("signature"));
            CompletableFuture<VerifiedMessage> proof = profile.verifyWithReload(
                    alipay,
                    keys -> MessageVerifier.verify("POST", target, profile.cfg().clientId(), signed, r.body(), keys));
            return onLoop(proof, loop).handle((p, e) -> answer(r, key, p, e, verifyStart));
        }

        GatewayResponse answer(
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
                metrics.recordVerificationFailure(profile.name(), reason);
                unverified.warn(
                        "profile " + profile.name() + ": answers that did not verify (" + reason + ")",
                        "profile {}: Alipay's answer to {} did not verify ({}); withheld from the caller",
                        profile.name(),
                        api,
                        cause instanceof VerificationException ? reason : reason + ": " + cause.getMessage());
                throw new GatewayException(
                        ErrorCode.RESPONSE_SIGNATURE_INVALID,
                        "Alipay's answer could not be verified (" + reason
                                + "); it was withheld. The request may have"
                                + " been executed: inquire before retrying");
            }
            metrics.observeVerify(profile.name(), System.nanoTime() - verifyStart);
            byte[] body = r.body();
            String encrypt = r.header(EncryptHeader.NAME);
            if (encrypt != null) {
                if (key.privateKey() == null) {
                    throw new GatewayException(
                            ErrorCode.RESPONSE_DECRYPTION_FAILED,
                            "Alipay's verified answer is encrypted, but this profile's key stays in its key source");
                }
                try {
                    body = RsaAes.decrypt(encrypt, body, key.privateKey());
                } catch (EncryptionException e) {
                    throw new GatewayException(
                            ErrorCode.RESPONSE_DECRYPTION_FAILED,
                            "Alipay's verified answer could not be decrypted: " + e.getMessage());
                }
            }
            return new GatewayResponse(
                    200,
                    Map.of(GatewayResponse.KEY_VERSION_HEADER, Integer.toString(proof.keyVersion())),
                    body,
                    profile.name(),
                    api,
                    ResultStatuses.of(body),
                    null,
                    proof.keyVersion(),
                    upstreamNanos);
        }
    }

    /**
     * {@code f}, continued on {@code loop}: as is when already complete (a cache hit, local
     * signing), else completed on the loop once {@code f} is (Vault answers on its own threads,
     * and the upstream must be used from the caller's loop).
     */
    private static <T> CompletableFuture<T> onLoop(CompletableFuture<T> f, EventLoop loop) {
        if (f.isDone()) {
            return f;
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> loop.execute(() -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(v);
            }
        }));
        return out;
    }

    private static String version() {
        String v = ProxyService.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
