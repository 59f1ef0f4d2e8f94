package io.amsgateway.server.caller;

import io.amsgateway.core.error.GatewayException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A Netty server on 127.0.0.1 (ephemeral port) whose connections get {@link ListenerTls#newHandler}
 * and, once the handshake is done, are told who they are: one line, the {@link CallerIdentifier}'s
 * identity (or {@code ERR <resultCode>}). Handshake outcomes are queued for the test.
 */
final class TlsTestServer implements AutoCloseable {
    /** One handshake's outcome on the server side. */
    record Handshake(boolean success, Throwable cause) {}

    final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    TlsTestServer(ListenerTls tls, CallerIdentifier identifier) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast("who", new WhoAmI(identifier));
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connects with {@code ctx}, completes the handshake and reads the server's line. */
    String call(SSLContext ctx, String... protocols) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            if (protocols.length > 0) {
                s.setEnabledProtocols(protocols);
            }
            s.startHandshake();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return r.readLine();
        }
    }

    /** The serial of the certificate the server presents to a new connection. */
    java.math.BigInteger serial(SSLContext ctx) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    Handshake nextHandshake() throws InterruptedException {
        Handshake h = handshakes.poll(10, TimeUnit.SECONDS);
        if (h == null) {
            throw new AssertionError("no handshake finished on the server within 10 s");
        }
        return h;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class WhoAmI extends ChannelInboundHandlerAdapter {
        private final CallerIdentifier identifier;

        WhoAmI(CallerIdentifier identifier) {
            this.identifier = identifier;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                handshakes.add(new Handshake(e.isSuccess(), e.cause()));
                if (e.isSuccess()) {
                    String line;
                    try {
                        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                        line = identifier
                                .identify(
                                        ListenerKind.NETWORK,
                                        "tcp",
                                        "test",
                                        ssl.engine().getSession(),
                                        null)
                                .identity();
                    } catch (GatewayException g) {
                        line = "ERR " + g.code().resultCode();
                    }
                    ctx.writeAndFlush(Unpooled.copiedBuffer(line + "\n", StandardCharsets.UTF_8));
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
