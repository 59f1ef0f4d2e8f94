package io.amsgateway.server.upstream;

import io.amsgateway.server.config.UpstreamConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The client TLS context for one upstream: certificates are verified against the configured CA
 * bundle (or the JVM's trust store), and the host name is checked on every connection ({@link
 * AlipayUpstream} sets the endpoint identification algorithm on each engine). There is no switch
 * to trust everything.
 */
final class UpstreamTls {
    private UpstreamTls() {}

    static @Nullable SslContext forUpstream(UpstreamConfig cfg) {
        if (!cfg.tls()) {
            return null;
        }
        try {
            SslContextBuilder b =
                    SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
            if (cfg.caFile() != null) {
                File ca = cfg.caFile().toFile();
                if (!ca.canRead()) {
                    throw new IllegalArgumentException("cannot read CA file " + cfg.caFile());
                }
                b.trustManager(ca);
            }
            return b.build();
        } catch (SSLException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae
                    && iae.getMessage() != null
                    && iae.getMessage().startsWith("cannot read")) {
                throw iae;
            }
            throw new IllegalArgumentException("cannot build TLS context for " + cfg.url() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
