package io.amsgateway.server.upstream;

import io.amsgateway.server.config.ProxyConfig;
import io.netty.channel.Channel;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * Builds each new upstream connection's pipeline, holds it to one set-up deadline, and counts open
 * connections for the pool gauges.
 *
 * <pre>
 * upstream: ["proxy" HttpProxyHandler (CONNECT host:port, optional basic auth)]
 *        -> "ssl" SslHandler (SNI + host name verification) -> "codec" HttpClientCodec
 *        -> "aggregator" HttpObjectAggregator(max-response-size) -> "response" UpstreamResponseHandler
 * </pre>
 *
 * <p>{@code connect-timeout} covers the whole set-up from the moment the connection is created:
 * the TCP connect (Netty's connect timeout), the proxy's answer to CONNECT and the TLS handshake.
 * The proxy handler's and the SslHandler's own timeouts (10 s each by default) are switched off in
 * favour of that one deadline; when it passes, the connection is closed and {@link #ready} fails
 * with a {@link SetupException} naming the step that did not finish.
 */
final class UpstreamChannelPoolHandler extends AbstractChannelPoolHandler {
    static final String PROXY = "proxy";
    static final String SSL = "ssl";
    static final String CODEC = "codec";
    static final String AGGREGATOR = "aggregator";
    static final String RESPONSE = "response";
    private static final AttributeKey<Future<Channel>> READY = AttributeKey.valueOf("ams-upstream-ready");

    private final @Nullable SslContext ssl;
    private final String host;
    private final int port;
    private final int maxResponseSize;
    private final AtomicInteger open;
    private final long setupTimeoutMillis;
    private final @Nullable ProxyConfig proxy;
    private final @Nullable InetSocketAddress proxyAddress;
    /** Where the handshake's delegated tasks run (revocation checks may block), or null for the event loop. */
    private final @Nullable Executor handshakeTasks;

    UpstreamChannelPoolHandler(
            @Nullable SslContext ssl,
            String host,
            int port,
            int maxResponseSize,
            AtomicInteger open,
            long setupTimeoutMillis,
            @Nullable ProxyConfig proxy,
            @Nullable InetSocketAddress proxyAddress,
            @Nullable Executor handshakeTasks) {
        this.ssl = ssl;
        this.host = host;
        this.port = port;
        this.maxResponseSize = maxResponseSize;
        this.open = open;
        this.setupTimeoutMillis = setupTimeoutMillis;
        this.proxy = proxy;
        this.proxyAddress = proxyAddress;
        this.handshakeTasks = handshakeTasks;
    }

    /** Set-up did not finish: the message names the step and is safe for the caller's answer. */
    static final class SetupException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        SetupException(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        /** The metric label: {@code proxy_timeout} or {@code handshake_timeout}. */
        String reason() {
            return reason;
        }
    }

    /**
     * Completes once the connection can carry a request: the proxy's tunnel is open and the TLS
     * handshake is done (at once for a plain, direct connection). Fails with the cause of the first
     * step that failed, or with a {@link SetupException} at the deadline.
     */
    static Future<Channel> ready(Channel ch) {
        Future<Channel> f = ch.attr(READY).get();
        return f != null ? f : ch.eventLoop().newSucceededFuture(ch);
    }

    @Override
    public void channelCreated(Channel ch) {
        open.incrementAndGet();
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        HttpProxyHandler tunnel = null;
        if (proxy != null && proxyAddress != null) {
            tunnel = proxy.username() == null
                    ? new HttpProxyHandler(proxyAddress)
                    : new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password());
            tunnel.setConnectTimeoutMillis(0); // the set-up deadline below covers it
            ch.pipeline().addLast(PROXY, tunnel);
        }
        SslHandler tls = null;
        if (ssl != null) {
            tls = handshakeTasks == null
                    ? ssl.newHandler(ch.alloc(), host, port)
                    : ssl.newHandler(ch.alloc(), host, port, handshakeTasks);
            tls.setHandshakeTimeoutMillis(0); // the set-up deadline below covers it
            SSLEngine engine = tls.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
            ch.pipeline().addLast(SSL, tls);
        }
        ch.pipeline()
                .addLast(CODEC, new HttpClientCodec())
                .addLast(AGGREGATOR, new HttpObjectAggregator(maxResponseSize))
                .addLast(RESPONSE, new UpstreamResponseHandler());
        Promise<Channel> ready = ch.eventLoop().newPromise();
        ch.attr(READY).set(ready);
        ScheduledFuture<?> deadline =
                ch.eventLoop().schedule(() -> expire(ch, ready), setupTimeoutMillis, TimeUnit.MILLISECONDS);
        ready.addListener(f -> deadline.cancel(false));
        Future<?> tunnelOpen = tunnel == null ? ch.eventLoop().newSucceededFuture(ch) : tunnel.connectFuture();
        SslHandler handshake = tls;
        tunnelOpen.addListener(t -> {
            if (!t.isSuccess()) {
                ready.tryFailure(t.cause());
            } else if (handshake == null) {
                ready.trySuccess(ch);
            } else {
                handshake.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        ready.trySuccess(ch);
                    } else {
                        ready.tryFailure(h.cause());
                    }
                });
            }
        });
    }

    private void expire(Channel ch, Promise<Channel> ready) {
        if (ready.isDone()) {
            return;
        }
        if (!ch.isActive()) {
            return; // still connecting: Netty's connect timeout (the same length) fails the connect itself
        }
        HttpProxyHandler tunnel = ch.pipeline().get(HttpProxyHandler.class);
        boolean inTunnel = tunnel != null && !tunnel.connectFuture().isDone();
        String step = inTunnel
                ? "the proxy " + proxy.address() + " did not open the tunnel to " + host + ":" + port
                : "the TLS handshake with " + host + ":" + port + " did not complete";
        ready.tryFailure(new SetupException(
                inTunnel ? "proxy_timeout" : "handshake_timeout",
                step + " within " + setupTimeoutMillis + " ms (connect-timeout)"));
        ch.close();
    }
}
