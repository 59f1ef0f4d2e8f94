package io.amsgateway.simulator;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.jspecify.annotations.Nullable;

/**
 * The server pipeline, the same for the AMS and the control port:
 *
 * <pre>
 * "ssl" SslHandler (AMS port, unless plain HTTP) -> "idle" IdleStateHandler (closes after 5 min)
 *   -> "codec" HttpServerCodec -> "aggregator" HttpObjectAggregator(max body; 413 above)
 *   -> "app" AmsRequestHandler | ControlHandler
 * </pre>
 */
final class HttpPipelineInitializer extends ChannelInitializer<SocketChannel> {
    private static final int IDLE_SECONDS = 300;

    private final @Nullable SslContext ssl;
    private final int maxBodyBytes;
    private final ChannelHandler app;

    HttpPipelineInitializer(@Nullable SslContext ssl, int maxBodyBytes, ChannelHandler app) {
        this.ssl = ssl;
        this.maxBodyBytes = maxBodyBytes;
        this.app = app;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ssl != null) {
            p.addLast("ssl", ssl.newHandler(ch.alloc()));
        }
        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS) {
            @Override
            protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, IdleStateEvent evt) {
                ctx.close();
            }
        });
        p.addLast("codec", new HttpServerCodec());
        p.addLast("aggregator", new HttpObjectAggregator(maxBodyBytes));
        p.addLast("app", app);
    }
}
