package io.amsgateway.server.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.crypto.VerificationException;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.core.protocol.AlipayResult;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import io.amsgateway.server.config.NotificationsConfig;
import io.amsgateway.server.metrics.GatewayMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Alipay's notifications arriving at the gateway (PROTOCOL.md §8): verify, check age, de-duplicate,
 * forward unchanged to the internal service, and acknowledge only once it has taken them.
 *
 * <p>The signature is verified with the Alipay keys of the profile that the {@code client-id}
 * header names, over the request-target exactly as received (path and query of the notify URL).
 * A notification that does not verify, or whose {@code request-time} is further from now than
 * {@code max-age}, is refused and never forwarded. Delivered notifications are remembered by client
 * id and body digest for {@code dedup-window} (per replica, bounded), and a repeat is acknowledged
 * without forwarding it again; two copies arriving at the same moment may both be forwarded, so the
 * internal service must still be idempotent, as Alipay asks of every merchant.
 *
 * <p>Thread-safe. The forward uses the JDK HTTP client, whose own threads complete the future; the
 * pipeline hands the answer back to the connection's event loop.
 */
public final class NotificationService {
    static final String API = "notify";

    private final NotificationsConfig cfg;
    private final ProfileRegistry profiles;
    private final GatewayMetrics metrics;
    private final LongSupplier clock;
    private final HttpClient http;
    private final Cache<String, Boolean> delivered;

    public NotificationService(
            NotificationsConfig cfg, ProfileRegistry profiles, GatewayMetrics metrics, LongSupplier clockMillis) {
        this.cfg = cfg;
        this.profiles = profiles;
        this.metrics = metrics;
        this.clock = clockMillis;
        this.http = HttpClient.newBuilder()
                .connectTimeout(cfg.forwardTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.delivered = Caffeine.newBuilder()
                .expireAfterWrite(cfg.dedupWindow())
                .maximumSize(cfg.dedupMaxEntries())
                .build();
    }

    /** Whether {@code uri} is a notification path. */
    public boolean matches(String uri) {
        String p = cfg.pathPrefix();
        return uri.startsWith(p)
                && (uri.length() == p.length() || uri.charAt(p.length()) == '/' || uri.charAt(p.length()) == '?');
    }

    /** Handles one notification; the future never fails: errors become Alipay-shaped answers. */
    public CompletableFuture<GatewayResponse> handle(GatewayRequest req) {
        ClientProfile profile;
        try {
            if (!"POST".equals(req.method())) {
                throw new GatewayException(ErrorCode.METHOD_NOT_SUPPORTED, "notifications are POSTed");
            }
            if (req.clientId() == null || req.clientId().isEmpty()) {
                throw new GatewayException(
                        ErrorCode.NOTIFICATION_SIGNATURE_INVALID, "notification has no client-id header");
            }
            profile = profiles.select(req.clientId());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(GatewayResponse.error(e, "-", API, 0));
        }
        return profile.alipayKeys()
                .thenCompose(keys -> profile.verifyWithReload(
                        keys,
                        k -> MessageVerifier.verifyNotification(
                                req.uri(),
                                profile.cfg().clientId(),
                                new SignedHeaders(req.clientId(), req.requestTime(), req.signature()),
                                req.body(),
                                k)))
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(refused(profile, e)))
                .thenCompose(proof -> forwarded(profile, req, proof))
                .exceptionally(e -> GatewayResponse.error(Futures.unwrap(e), "-", API, 0));
    }

    private CompletableFuture<GatewayResponse> forwarded(
            ClientProfile profile, GatewayRequest req, VerifiedMessage proof) {
        checkAge(Objects.requireNonNull(req.requestTime()));
        String key = profile.cfg().clientId() + ":" + sha256(req.body());
        if (delivered.getIfPresent(key) != null) {
            return CompletableFuture.completedFuture(ack(profile, proof));
        }
        return http.sendAsync(forward(req, profile, proof), HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> {
                    if (e == null && r.statusCode() / 100 == 2) {
                        delivered.put(key, Boolean.TRUE);
                        return ack(profile, proof);
                    }
                    String why = e != null
                            ? "the internal service did not answer in time or refused the connection"
                            : "the internal service answered HTTP " + r.statusCode();
                    return GatewayResponse.error(
                            new GatewayException(
                                    ErrorCode.NOTIFICATION_NOT_DELIVERED,
                                    why + "; not acknowledged, so Alipay will send it again"),
                            profile.name(),
                            API,
                            0);
                });
    }

    /** A failed verification as the refusal Alipay gets; other failures (keys unavailable) as they are. */
    private Throwable refused(ClientProfile profile, Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        if (!(cause instanceof VerificationException e)) {
            return cause;
        }
        metrics.recordVerificationFailure(profile.name(), e.reason());
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
        return HttpRequest.newBuilder(URI.create(base + suffix))
                .timeout(cfg.forwardTimeout())
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("X-Gateway-Client-Id", profile.cfg().clientId())
                .header(GatewayResponse.KEY_VERSION_HEADER, Integer.toString(proof.keyVersion()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()))
                .build();
    }

    private static GatewayResponse ack(ClientProfile profile, VerifiedMessage proof) {
        return new GatewayResponse(
                200,
                Map.of(),
                AlipayResult.NOTIFICATION_ACK.toJsonBytes(),
                profile.name(),
                API,
                "S",
                null,
                proof.keyVersion(),
                0);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
