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
 * UpstreamChannelPoolHandler} sets the endpoint identification algorithm on each engine). There
 * is no switch to trust everything.
 *
 * <p>The JDK's {@code SSLEngine}. BoringSSL (netty-tcnative) was measured in the load benchmark and
 * used no less CPU per call (docs/benchmarks.md), so the project does without the native library.
 */
final class UpstreamTls {
    private UpstreamTls() {}

    /** The engine upstream connections use. */
    static String engine() {
        return "jdk";
    }

    static @Nullable SslContext forUpstream(UpstreamConfig cfg) {
        if (!cfg.tls()) {
            return null;
        }
        File ca = cfg.caFile() == null ? null : cfg.caFile().toFile();
        if (ca != null && !ca.canRead()) {
            throw new IllegalArgumentException("cannot read CA file " + cfg.caFile());
        }
        try {
            SslContextBuilder b =
                    SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
            if (ca != null) {
                b.trustManager(ca);
            }
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot build TLS context for " + cfg.url() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
