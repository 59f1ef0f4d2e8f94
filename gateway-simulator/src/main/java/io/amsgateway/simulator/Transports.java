package io.amsgateway.simulator;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Picks the transport: epoll on Linux when its native library is on the class path and loads
 * (it is an optional dependency), NIO otherwise. Epoll classes are touched only through {@link
 * Epolls}, which is loaded only after they were found.
 */
final class Transports {
    private static final boolean EPOLL = epollAvailable();

    private Transports() {}

    static IoHandlerFactory ioHandlerFactory() {
        return EPOLL ? Epolls.ioHandlerFactory() : NioIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? Epolls.serverChannel() : NioServerSocketChannel.class;
    }

    static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    private static boolean epollAvailable() {
        try {
            Class.forName("io.netty.channel.epoll.Epoll");
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return Epolls.isAvailable();
    }

    /** The only place that names epoll classes. */
    private static final class Epolls {
        static boolean isAvailable() {
            return io.netty.channel.epoll.Epoll.isAvailable();
        }

        static IoHandlerFactory ioHandlerFactory() {
            return io.netty.channel.epoll.EpollIoHandler.newFactory();
        }

        static Class<? extends ServerChannel> serverChannel() {
            return io.netty.channel.epoll.EpollServerSocketChannel.class;
        }
    }
}
