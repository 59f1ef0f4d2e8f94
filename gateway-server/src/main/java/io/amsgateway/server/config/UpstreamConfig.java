package io.amsgateway.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One profile's connection to Alipay.
 *
 * @param url scheme://host[:port]
 * @param caFile PEM CA bundle to trust, or null for the JVM's default trust store
 * @param connectTimeout the whole connection set-up: TCP connect, the proxy's CONNECT, the TLS handshake
 * @param responseTimeout from the request written to the whole response read
 * @param maxConnections pool size per event loop
 * @param maxPendingAcquires acquires that may wait for a pooled connection, per event loop
 * @param pendingAcquireTimeout how long an acquire may wait
 * @param connectRetries retries when no connection could be made
 * @param maxResponseSize largest response body accepted
 * @param proxy the forward proxy connections go through, or null for direct connections
 * @param revocation whether and how the certificate's revocation status is checked
 */
public record UpstreamConfig(
        URI url,
        @Nullable Path caFile,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxConnections,
        int maxPendingAcquires,
        Duration pendingAcquireTimeout,
        int connectRetries,
        int maxResponseSize,
        @Nullable ProxyConfig proxy,
        Revocation revocation) {

    /** {@code revocation.mode}: how Alipay's certificate's revocation status is checked. */
    public enum Revocation {
        /** Not checked (the JDK's default for TLS clients). */
        OFF,
        /** Checked (stapled OCSP, then the OCSP responder, then the CRL); accepted when no answer can be had. */
        SOFT_FAIL,
        /** Checked; refused when the status cannot be had. */
        HARD_FAIL;

        /** Parses {@code off}, {@code soft-fail} or {@code hard-fail}. */
        public static Revocation parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "off" -> OFF;
                case "soft-fail" -> SOFT_FAIL;
                case "hard-fail" -> HARD_FAIL;
                default -> throw new IllegalArgumentException("must be off, soft-fail or hard-fail");
            };
        }
    }

    /** Without a proxy. */
    public UpstreamConfig(
            URI url,
            @Nullable Path caFile,
            Duration connectTimeout,
            Duration responseTimeout,
            int maxConnections,
            int maxPendingAcquires,
            Duration pendingAcquireTimeout,
            int connectRetries,
            int maxResponseSize) {
        this(
                url,
                caFile,
                connectTimeout,
                responseTimeout,
                maxConnections,
                maxPendingAcquires,
                pendingAcquireTimeout,
                connectRetries,
                maxResponseSize,
                null,
                Revocation.OFF);
    }

    /** Whether the upstream is reached over TLS. */
    public boolean tls() {
        return "https".equals(url.getScheme());
    }

    /** The host name (also the TLS SNI and the name the certificate must carry). */
    public String host() {
        return url.getHost();
    }

    /** The port, defaulting by scheme. */
    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 443 : 80;
    }

    /** The {@code Host} header value. */
    public String hostHeader() {
        return url.getPort() > 0 ? host() + ":" + url.getPort() : host();
    }
}
