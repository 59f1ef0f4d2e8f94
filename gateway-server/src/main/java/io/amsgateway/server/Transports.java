package io.amsgateway.server;

import io.amsgateway.core.crypto.NativePlatform;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one transport chooser: epoll on Linux when its native library loads, NIO otherwise. The runnable
 * jar carries epoll's library for linux-x86_64 and linux-aarch_64; Netty picks the one for this
 * architecture. DNS is
 * resolved asynchronously by Netty's resolver, so no lookup ever blocks an event loop.
 *
 * @param name {@code epoll} or {@code nio}
 */
public record Transports(
        String name,
        IoHandlerFactory ioHandlers,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel,
        Class<? extends DatagramChannel> datagramChannel) {

    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    /**
     * The best transport available here. Falling back to NIO is logged with epoll's reason: as a
     * warning on the platforms the jar carries epoll for, where it should have loaded.
     */
    public static Transports detect() {
        if (Epoll.isAvailable()) {
            return new Transports(
                    "epoll",
                    EpollIoHandler.newFactory(),
                    EpollServerSocketChannel.class,
                    EpollSocketChannel.class,
                    EpollDatagramChannel.class);
        }
        String platform = NativePlatform.current();
        String message = "epoll transport unavailable on {}: {}; using NIO";
        if (NativePlatform.SHIPPED.contains(platform)) {
            log.warn(message, platform, String.valueOf(Epoll.unavailabilityCause()));
        } else {
            log.info(message, platform, String.valueOf(Epoll.unavailabilityCause()));
        }
        return new Transports(
                "nio",
                NioIoHandler.newFactory(),
                NioServerSocketChannel.class,
                NioSocketChannel.class,
                NioDatagramChannel.class);
    }

    /**
     * The server channel class for {@code group}'s transport: epoll for a group of epoll loops,
     * NIO otherwise (for a listener on a group made elsewhere, such as the admin port's).
     */
    public static Class<? extends ServerSocketChannel> serverChannelFor(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            return EpollServerSocketChannel.class;
        }
        return NioServerSocketChannel.class;
    }

    /** A group of {@code threads} event loops of this transport. */
    public MultiThreadIoEventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlers);
    }

    /** An asynchronous DNS resolver group (honours /etc/hosts). */
    public DnsAddressResolverGroup resolver() {
        return new DnsAddressResolverGroup(new DnsNameResolverBuilder().datagramChannelType(datagramChannel));
    }
}
