package io.amsgateway.server.notify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.HeaderNames;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.RequestTimes;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.GatewayRequest;
import io.amsgateway.server.config.NotificationsConfig;
import io.amsgateway.server.profile.ClientProfile;
import io.amsgateway.server.profile.ProfileRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Alipay's notifications arriving at the gateway (docs/protocol.md, "Notifications"): verify, check age, de-duplicate,
 * forward unchanged to the internal service, and acknowledge only once it has taken them.
 *
 * <p>The forward is a plain HTTP/1.1 POST (no upgrade offer) of Alipay's exact body with Alipay's
 * {@code Content-Type} and {@code User-Agent}, Alipay's {@code client-id}, {@code request-time} and
 * {@code signature} (unless {@code forward-signature-headers = false}; the path the signature
 * covers is the one Alipay posted to, under {@code path-prefix}), and the gateway's own
 * {@code X-Gateway-Client-Id} and {@code X-Gateway-Verified-Key-Version}.
 *
 * <p>The signature is verified with the Alipay keys of the profile that the {@code client-id}
 * header names, over the request-target exactly as received (path and query of the notify URL).
 * A notification that does not verify, or whose {@code request-time} is further from now than
 * {@code max-age}, is refused and never forwarded. Delivered notifications are remembered by client
 * id and body digest for {@code dedup-window} (per replica, bounded), and a repeat is acknowledged
 * without forwarding it again; two copies arriving at the same moment may both be forwarded, so the
 * internal service must still be idempotent, as Alipay asks of every merchant.
 *
 * <p>The outcome is counted under the profile when the notification was acknowledged or could not
 * be delivered; refusals (bad signature, stale, unknown client) belong to no profile.
 *
 * <p>Thread-safe. The forward uses the JDK HTTP client, whose own threads complete the future; the
 * edge hands the answer back to the connection's event loop.
 */
public final class NotificationService implements CallHandler {
    static final String API = "notify";

    private final NotificationsConfig cfg;
    private final ProfileRegistry profiles;
    private final LongSupplier clock;
    private final InternalService internal;
    private final Cache<String, Boolean> delivered;

    public NotificationService(NotificationsConfig cfg, ProfileRegistry profiles, LongSupplier clockMillis) {
        this(cfg, profiles, clockMillis, overHttp(cfg));
    }

    /** As the public constructor, handing notifications to {@code internal} (tests use a fake). */
    NotificationService(
            NotificationsConfig cfg, ProfileRegistry profiles, LongSupplier clockMillis, InternalService internal) {
        this.cfg = cfg;
        this.profiles = profiles;
        this.clock = clockMillis;
        this.internal = internal;
        this.delivered = Caffeine.newBuilder()
                .expireAfterWrite(cfg.dedupWindow())
                .maximumSize(cfg.dedupMaxEntries())
                .build();
    }

    /** The internal service that takes verified notifications: completes with its HTTP status. */
    @FunctionalInterface
    interface InternalService {
        CompletableFuture<Integer> deliver(HttpRequest request);
    }

    private static InternalService overHttp(NotificationsConfig cfg) {
        // HTTP/1.1 only: the JDK client's default (HTTP/2) offers an h2c upgrade on every plain
        // http POST (Connection: Upgrade, HTTP2-Settings), which internal services need not expect.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(cfg.forwardTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (cfg.forwardCaFile() != null) {
            builder.sslContext(trusting(cfg.forwardCaFile()));
        }
        HttpClient http = builder.build();
        return request ->
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /**
     * Handles one notification: completes with the acknowledgement once the internal service has
     * taken it (or took it before), else fails with a {@link GatewayException}.
     */
    @Override
    public CompletableFuture<CallResult> handle(CallContext call, GatewayRequest req) {
        call.api(API);
        if (!"POST".equals(req.method())) {
            throw new GatewayException(ErrorCode.METHOD_NOT_SUPPORTED, "notifications are POSTed");
        }
        if (req.clientId() == null || req.clientId().isEmpty()) {
            throw new GatewayException(
                    ErrorCode.NOTIFICATION_SIGNATURE_INVALID, "notification has no client-id header");
        }
        ClientProfile profile = profiles.select(req.clientId());
        return profile.alipayKeys()
                .thenCompose(keys -> profile.verifyWithReload(
                        keys,
                        k -> MessageVerifier.verifyNotification(
                                req.uri(),
                                profile.cfg().clientId(),
                                new SignedHeaders(req.clientId(), req.requestTime(), req.signature()),
                                req.body(),
                                k)))
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(refused(call, profile, e)))
                .thenCompose(proof -> forwarded(call, profile, req, proof));
    }

    private CompletableFuture<CallResult> forwarded(
            CallContext call, ClientProfile profile, GatewayRequest req, VerifiedMessage proof) {
        checkAge(Objects.requireNonNull(req.requestTime()));
        String key = profile.cfg().clientId() + ":" + sha256(req.body());
        if (delivered.getIfPresent(key) != null) {
            call.profile(profile.name());
            return CompletableFuture.completedFuture(new CallResult.Acknowledged(proof.keyVersion()));
        }
        call.upstreamStarted(true);
        return internal.deliver(forward(req, profile, proof)).handle((status, e) -> {
            call.profile(profile.name());
            if (e == null && status / 100 == 2) {
                delivered.put(key, Boolean.TRUE);
                return new CallResult.Acknowledged(proof.keyVersion());
            }
            String why = e != null
                    ? "the internal service did not answer in time or refused the connection"
                    : "the internal service answered HTTP " + status;
            throw new GatewayException(
                    ErrorCode.NOTIFICATION_NOT_DELIVERED, why + "; not acknowledged, so Alipay will send it again");
        });
    }

    /** A failed verification as the refusal Alipay gets; other failures (keys unavailable) as they are. */
    private static Throwable refused(CallContext call, ClientProfile profile, Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        if (!(cause instanceof VerificationException e)) {
            return cause;
        }
        call.verificationFailed(profile.name(), e.reason());
        return new GatewayException(
                ErrorCode.NOTIFICATION_SIGNATURE_INVALID,
                "notification did not verify (" + e.reason() + "); it was not forwarded");
    }

    private void checkAge(String requestTime) {
        if (cfg.maxAge().isZero()) {
            return;
        }
        OptionalLong t = RequestTimes.epochMillis(requestTime);
        if (t.isEmpty()) {
            throw new GatewayException(
                    ErrorCode.NOTIFICATION_STALE, "notification request-time is in no known time format");
        }
        long ageMillis = Math.abs(clock.getAsLong() - t.getAsLong());
        if (ageMillis > cfg.maxAge().toMillis()) {
            throw new GatewayException(
                    ErrorCode.NOTIFICATION_STALE,
                    "notification request-time is " + ageMillis / 1000 + " s from now, more than max-age "
                            + cfg.maxAge());
        }
    }

    private HttpRequest forward(GatewayRequest req, ClientProfile profile, VerifiedMessage proof) {
        String suffix = req.uri().substring(cfg.pathPrefix().length());
        String base = Objects.requireNonNull(cfg.forwardUrl()).toString();
        if (base.endsWith("/") && suffix.startsWith("/")) {
            suffix = suffix.substring(1);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + suffix))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(cfg.forwardTimeout())
                .header(HeaderNames.CONTENT_TYPE, orElse(req.contentType(), HeaderNames.JSON_UTF8))
                .header(HeaderNames.USER_AGENT, orElse(req.userAgent(), "ams-gateway"))
                .header(HeaderNames.GATEWAY_CLIENT_ID, profile.cfg().clientId())
                .header(HeaderNames.GATEWAY_VERIFIED_KEY_VERSION, Integer.toString(proof.keyVersion()));
        if (cfg.forwardSignatureHeaders()) {
            // Alipay's names, as it sends them on notifications; verified above, so present.
            b.header("client-id", Objects.requireNonNull(req.clientId()))
                    .header("request-time", Objects.requireNonNull(req.requestTime()))
                    .header("signature", Objects.requireNonNull(req.signature()));
        }
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(req.body())).build();
    }

    private static String orElse(@org.jspecify.annotations.Nullable String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** An SSL context trusting exactly the certificates of {@code caPemFile} (read at start-up). */
    private static javax.net.ssl.SSLContext trusting(java.nio.file.Path caPemFile) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(caPemFile)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c :
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("forward-ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException(
                        "no certificate in gateway.notifications.forward-ca-file " + caPemFile);
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read gateway.notifications.forward-ca-file " + caPemFile + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
