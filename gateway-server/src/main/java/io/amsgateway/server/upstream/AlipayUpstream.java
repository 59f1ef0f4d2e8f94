package io.amsgateway.server.upstream;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.config.ProxyConfig;
import io.amsgateway.server.config.UpstreamConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One profile's connections to Alipay: HTTPS with certificate and host name verification, a
 * {@link FixedChannelPool} per event loop, connect and response timeouts, and a bounded wait for a
 * pooled connection. A call asked on one of the group's loops (the caller connection's) uses that
 * loop's pool, so it never hops threads; asked from any other thread it runs on the group's next
 * loop.
 *
 * <p>{@code connect-timeout} bounds the whole set-up of a new connection: TCP connect, the
 * forward proxy's CONNECT (when {@code proxy} applies) and the TLS handshake
 * ({@link UpstreamChannelPoolHandler}).
 *
 * <p>Failure classes follow what reached Alipay: when no connection could be made (connect
 * refused or timed out, proxy refused, TLS handshake failed or timed out, pool exhausted) nothing
 * was written, and the message names the true reason ({@link ConnectFailures}); the call is
 * retried up to {@code connect-retries} times and then fails with {@code UPSTREAM_CONNECT_FAILED}
 * ({@code F}). Once the request is being written, any failure is {@code U}
 * ({@code UPSTREAM_TIMEOUT}, {@code UPSTREAM_CONNECTION_LOST}) and is never retried.
 *
 * <p>Thread-safe.
 */
public final class AlipayUpstream implements Upstream {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AlipayUpstream.class);
    private final UpstreamConfig cfg;
    private final @Nullable SslContext ssl;
    private final Class<? extends SocketChannel> channelClass;
    private final AddressResolverGroup<? extends SocketAddress> resolver;
    private final EventLoopGroup loops;
    private final Map<EventLoop, FixedChannelPool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger pendingAcquires = new AtomicInteger();
    private final Map<String, LongAdder> connectFailures = new ConcurrentHashMap<>();
    private final @Nullable InetSocketAddress proxyAddress;

    public AlipayUpstream(
            UpstreamConfig cfg,
            EventLoopGroup loops,
            Class<? extends SocketChannel> channelClass,
            AddressResolverGroup<? extends SocketAddress> resolver) {
        this.cfg = cfg;
        this.loops = loops;
        this.ssl = UpstreamTls.forUpstream(cfg);
        this.channelClass = channelClass;
        this.resolver = resolver;
        this.proxyAddress = proxyAddress(cfg.proxy());
    }

    /** The proxy's address, resolved once here (at start-up, off the event loops). */
    private static @Nullable InetSocketAddress proxyAddress(@Nullable ProxyConfig proxy) {
        if (proxy == null) {
            return null;
        }
        InetSocketAddress a = new InetSocketAddress(proxy.host(), proxy.port());
        if (a.isUnresolved()) {
            throw new IllegalArgumentException(
                    "cannot resolve the proxy host " + proxy.host() + " (" + proxy.source() + ")");
        }
        return a;
    }

    /** Sends {@code request} and completes with Alipay's answer, on the loop that sent it. */
    @Override
    public CompletableFuture<UpstreamResponse> exchange(UpstreamRequest request) {
        CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
        EventLoop current = currentLoop();
        if (current != null) {
            attempt(current, request, cfg.connectRetries(), result);
        } else {
            EventLoop loop = loops.next();
            loop.execute(() -> attempt(loop, request, cfg.connectRetries(), result));
        }
        return result;
    }

    /** The group's loop this thread runs, or null. */
    private @Nullable EventLoop currentLoop() {
        for (EventExecutor e : loops) {
            if (e.inEventLoop() && e instanceof EventLoop loop) {
                return loop;
            }
        }
        return null;
    }

    private void attempt(
            EventLoop loop, UpstreamRequest request, int retriesLeft, CompletableFuture<UpstreamResponse> result) {
        FixedChannelPool pool = pools.computeIfAbsent(loop, this::newPool);
        pendingAcquires.incrementAndGet();
        pool.acquire().addListener((Future<Channel> acquired) -> {
            pendingAcquires.decrementAndGet();
            if (!acquired.isSuccess()) {
                retryOrFail(loop, request, retriesLeft, result, describeConnectFailure(acquired.cause()));
                return;
            }
            Channel ch = acquired.getNow();
            UpstreamChannelPoolHandler.ready(ch).addListener(ready -> {
                if (ready.isSuccess()) {
                    send(pool, ch, request, result);
                } else {
                    ch.close();
                    pool.release(ch);
                    log.debug("setting up the connection to {} failed", cfg.host(), ready.cause());
                    retryOrFail(
                            loop,
                            request,
                            retriesLeft,
                            result,
                            failed(ConnectFailures.describeSetup(cfg, ready.cause())));
                }
            });
        });
    }

    private void retryOrFail(
            EventLoop loop,
            UpstreamRequest request,
            int retriesLeft,
            CompletableFuture<UpstreamResponse> result,
            String why) {
        if (retriesLeft > 0) {
            attempt(loop, request, retriesLeft - 1, result);
        } else {
            result.completeExceptionally(new UpstreamException(ErrorCode.UPSTREAM_CONNECT_FAILED, why));
        }
    }

    private void send(
            FixedChannelPool pool, Channel ch, UpstreamRequest request, CompletableFuture<UpstreamResponse> result) {
        UpstreamResponseHandler handler =
                (UpstreamResponseHandler) ch.pipeline().get(UpstreamChannelPoolHandler.RESPONSE);
        if (handler == null || !ch.isActive()) {
            ch.close();
            pool.release(ch);
            result.completeExceptionally(
                    new UpstreamException(ErrorCode.UPSTREAM_CONNECT_FAILED, "pooled connection was closed"));
            return;
        }
        CompletableFuture<UpstreamResponse> exchange = new CompletableFuture<>();
        exchange.whenComplete((r, e) -> {
            pool.release(ch);
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(r);
            }
        });
        handler.expect(
                ch.pipeline().context(handler), exchange, cfg.responseTimeout().toNanos());
        // ownership: the request (and its wrapped body) is released by the codec once written.
        ch.writeAndFlush(toHttp(request)).addListener(w -> {
            if (!w.isSuccess()) {
                log.debug("writing to {} failed", cfg.host(), w.cause());
                handler.fail(
                        ch.pipeline().context(handler),
                        ErrorCode.UPSTREAM_CONNECTION_LOST,
                        "the connection to Alipay failed while the request was being written");
            }
        });
    }

    private FullHttpRequest toHttp(UpstreamRequest request) {
        FullHttpRequest http = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, request.target(), Unpooled.wrappedBuffer(request.body()));
        request.headers().forEach(http.headers()::set);
        http.headers()
                .set(HttpHeaderNames.HOST, cfg.hostHeader())
                .set(HttpHeaderNames.CONTENT_LENGTH, request.body().length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        return http;
    }

    private String describeConnectFailure(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return failed(new ConnectFailures.Failure(
                    "pool_exhausted",
                    "no connection to " + cfg.host() + " became free within "
                            + cfg.pendingAcquireTimeout().toMillis() + " ms (max-connections " + cfg.maxConnections()
                            + " per event loop)"));
        }
        if (cause instanceof IllegalStateException
                && String.valueOf(cause.getMessage()).contains("pending acquire")) {
            return failed(new ConnectFailures.Failure(
                    "pool_exhausted", "too many calls are waiting for a connection to " + cfg.host()));
        }
        log.debug("connecting to {}:{} failed", cfg.host(), cfg.port(), cause);
        return failed(ConnectFailures.describeConnect(cfg, cause));
    }

    /** Counts one failed attempt under its reason and returns its message. */
    private String failed(ConnectFailures.Failure f) {
        connectFailures.computeIfAbsent(f.reason(), r -> new LongAdder()).increment();
        return f.message();
    }

    /** Failed connection attempts (each retry counts) by reason, since start. */
    public Map<String, Long> connectFailures() {
        Map<String, Long> out = new java.util.TreeMap<>();
        connectFailures.forEach((reason, n) -> out.put(reason, n.sum()));
        return out;
    }

    private FixedChannelPool newPool(EventLoop loop) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                // Through a proxy, the proxy resolves Alipay's name (CONNECT host:port).
                .resolver(proxyAddress == null ? resolver : NoopAddressResolverGroup.INSTANCE)
                .remoteAddress(InetSocketAddress.createUnresolved(cfg.host(), cfg.port()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        cfg.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        return new FixedChannelPool(
                b,
                new UpstreamChannelPoolHandler(
                        ssl,
                        cfg.host(),
                        cfg.port(),
                        cfg.maxResponseSize(),
                        open,
                        cfg.connectTimeout().toMillis(),
                        cfg.proxy(),
                        proxyAddress,
                        cfg.revocation() == UpstreamConfig.Revocation.OFF ? null : UpstreamTls.checks()),
                ChannelHealthChecker.ACTIVE,
                FixedChannelPool.AcquireTimeoutAction.FAIL,
                cfg.pendingAcquireTimeout().toMillis(),
                cfg.maxConnections(),
                Math.max(1, cfg.maxPendingAcquires()),
                true,
                true);
    }

    /** The TLS engine upstream connections use (logged at start). */
    public static String tlsEngine() {
        return UpstreamTls.engine();
    }

    /** Open upstream connections, all loops. */
    public int openConnections() {
        return open.get();
    }

    /** Connections in use by a call, all loops. */
    public int activeConnections() {
        return pools.values().stream()
                .mapToInt(FixedChannelPool::acquiredChannelCount)
                .sum();
    }

    /** Calls waiting for a connection, all loops. */
    public int pendingAcquires() {
        return pendingAcquires.get();
    }

    @Override
    public void close() {
        pools.values().forEach(FixedChannelPool::close);
        pools.clear();
    }
}
