package io.amsgateway.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The Netty HTTP/1.1 client that drives load: a fixed number of keep-alive connections to
 * 127.0.0.1, each a closed-loop caller ({@link LoadConnectionHandler}). Epoll when its native
 * library loads, else NIO. TLS (mode {@code direct}) trusts only the simulator's certificate and
 * checks the host name, as the gateway does. Owns its event loops; {@link #close} stops them.
 *
 * <p>Pipeline per connection: {@code [ssl] -> codec -> aggregator -> read-timeout -> load}.
 */
final class LoadGenerator implements AutoCloseable {
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final int READ_TIMEOUT_SECONDS = 10;

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final AtomicLong seq = new AtomicLong();

    LoadGenerator(int threads) {
        if (Epoll.isAvailable()) {
            group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
            channelClass = EpollSocketChannel.class;
        } else {
            group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
            channelClass = NioSocketChannel.class;
        }
    }

    String transport() {
        return channelClass == EpollSocketChannel.class ? "epoll" : "nio";
    }

    /**
     * Opens {@code concurrency} connections to {@code port} (completing TLS handshakes first), then
     * starts every caller. The load runs until the returned run is closed.
     *
     * @param tls the client TLS context, or {@code null} for plain HTTP
     * @param tlsHost the host name the certificate must match
     */
    LoadRun start(int port, @Nullable SslContext tls, String tlsHost, CallFactory calls, int concurrency)
            throws InterruptedException {
        LoadRun run = new LoadRun(seq);
        List<LoadConnectionHandler> handlers = new ArrayList<>();
        try {
            for (int i = 0; i < concurrency; i++) {
                LoadConnectionHandler handler = new LoadConnectionHandler(run, calls);
                Channel ch = bootstrap(port, tls, tlsHost, handler)
                        .connect("127.0.0.1", port)
                        .sync()
                        .channel();
                run.add(ch);
                SslHandler ssl = ch.pipeline().get(SslHandler.class);
                if (ssl != null && !ssl.handshakeFuture().await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("TLS handshake with port " + port + " timed out");
                }
                if (ssl != null && !ssl.handshakeFuture().isSuccess()) {
                    throw new IllegalStateException(
                            "TLS handshake failed", ssl.handshakeFuture().cause());
                }
                handlers.add(handler);
            }
        } catch (InterruptedException | RuntimeException e) {
            run.close();
            throw e;
        }
        for (int i = 0; i < handlers.size(); i++) {
            LoadConnectionHandler h = handlers.get(i);
            run.channel(i).eventLoop().execute(h::sendNext);
        }
        return run;
    }

    private Bootstrap bootstrap(int port, @Nullable SslContext tls, String tlsHost, LoadConnectionHandler handler) {
        return new Bootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            SslHandler ssl = tls.newHandler(ch.alloc(), tlsHost, port);
                            SSLEngine engine = ssl.engine();
                            SSLParameters params = engine.getSSLParameters();
                            params.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(params);
                            ch.pipeline().addLast("ssl", ssl);
                        }
                        ch.pipeline()
                                .addLast("codec", new HttpClientCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                                .addLast("read-timeout", new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                                .addLast("load", handler);
                    }
                });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
