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
        @Nullable ProxyConfig proxy) {

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
                null);
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
