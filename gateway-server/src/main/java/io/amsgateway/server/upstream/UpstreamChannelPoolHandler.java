package io.amsgateway.server.upstream;

import io.netty.channel.Channel;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * Builds each new upstream connection's pipeline and counts open connections for the pool gauges.
 *
 * <pre>
 * upstream: "ssl" SslHandler (SNI + host name verification) -> "codec" HttpClientCodec
 *        -> "aggregator" HttpObjectAggregator(max-response-size) -> "response" UpstreamResponseHandler
 * </pre>
 */
final class UpstreamChannelPoolHandler extends AbstractChannelPoolHandler {
    static final String SSL = "ssl";
    static final String CODEC = "codec";
    static final String AGGREGATOR = "aggregator";
    static final String RESPONSE = "response";

    private final @Nullable SslContext ssl;
    private final String host;
    private final int port;
    private final int maxResponseSize;
    private final AtomicInteger open;

    UpstreamChannelPoolHandler(
            @Nullable SslContext ssl, String host, int port, int maxResponseSize, AtomicInteger open) {
        this.ssl = ssl;
        this.host = host;
        this.port = port;
        this.maxResponseSize = maxResponseSize;
        this.open = open;
    }

    @Override
    public void channelCreated(Channel ch) {
        open.incrementAndGet();
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        if (ssl != null) {
            SslHandler handler = ssl.newHandler(ch.alloc(), host, port);
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
            ch.pipeline().addLast(SSL, handler);
        }
        ch.pipeline()
                .addLast(CODEC, new HttpClientCodec())
                .addLast(AGGREGATOR, new HttpObjectAggregator(maxResponseSize))
                .addLast(RESPONSE, new UpstreamResponseHandler());
    }
}
