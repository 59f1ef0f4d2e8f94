package io.amsgateway.server.admin;

import io.amsgateway.server.Transports;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP/1.1 server: {@code GET /metrics}, {@code /healthz} and {@code /readyz} (HEAD
 * too) on a port of its own, separate from traffic.
 *
 * <pre>{@code
 * AdminServer admin = AdminServer.start("127.0.0.1", 9090, group, metrics, gateway::isReady);
 * int port = admin.port();   // the bound port; 0 asks the OS for a free one
 * ...
 * admin.close();             // closes the listening channel, not the group
 * }</pre>
 *
 * <p>The caller owns the {@link EventLoopGroup} (NIO or epoll; the server channel type follows
 * the group) and shuts it down. Pipeline per connection: {@code "idle"} {@link IdleStateHandler}
 * (closes connections idle for {@value #IDLE_SECONDS} s) then {@code "codec"} {@link
 * HttpServerCodec} then {@code "aggregator"} {@link HttpObjectAggregator} ({@value
 * #MAX_REQUEST_BYTES} bytes, larger requests get 413) then {@code "admin"} {@link AdminHandler}.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread except an event loop of the
 * group, and more than once.
 */
public final class AdminServer implements AutoCloseable {
    /** Requests are GETs: a small limit keeps a misbehaving client cheap. */
    static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** Prometheus scrapes every 15-60 s on a kept-alive connection. */
    static final int IDLE_SECONDS = 300;

    private final Channel channel;
    private final ChannelGroup connections;

    private AdminServer(Channel channel, ChannelGroup connections) {
        this.channel = channel;
        this.connections = connections;
    }

    /** Starts a server whose {@code /healthz} is always UP. See the class comment. */
    public static AdminServer start(
            String host, int port, EventLoopGroup group, GatewayMetrics metrics, BooleanSupplier ready)
            throws InterruptedException {
        return start(host, port, group, metrics, ready, () -> true);
    }

    /**
     * Binds {@code host:port} and returns once the server listens. Blocks: call it from a thread
     * that is not an event loop.
     *
     * @param ready answers {@code /readyz}; read on an event loop, so thread-safe and non-blocking
     * @param live answers {@code /healthz}; same rules as {@code ready}
     * @throws InterruptedException if interrupted while binding
     * @throws io.netty.channel.ChannelException or another exception if the bind fails
     */
    public static AdminServer start(
            String host,
            int port,
            EventLoopGroup group,
            GatewayMetrics metrics,
            BooleanSupplier ready,
            BooleanSupplier live)
            throws InterruptedException {
        AdminHandler handler = new AdminHandler(metrics, ready, live);
        // Closed channels leave the group by themselves.
        ChannelGroup connections = new DefaultChannelGroup("admin", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannelFor(group))
                .option(ChannelOption.SO_BACKLOG, 64)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast("codec", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast("admin", handler);
                    }
                });
        Channel channel = bootstrap.bind(host, port).sync().channel();
        return new AdminServer(channel, connections);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The bound port (the OS's choice when started with port 0). */
    public int port() {
        return address().getPort();
    }

    /** Closes the listening channel and the open admin connections, and waits for both. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
    }
}
