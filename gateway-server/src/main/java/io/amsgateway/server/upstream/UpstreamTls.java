package io.amsgateway.server.upstream;

import io.amsgateway.server.config.UpstreamConfig;
import io.amsgateway.server.config.UpstreamConfig.Revocation;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilder;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The client TLS context for one upstream: certificates are verified against the configured CA
 * bundle (or the JVM's trust store), and the host name is checked on every connection ({@link
 * UpstreamChannelPoolHandler} sets the endpoint identification algorithm on each engine). There
 * is no switch to trust everything.
 *
 * <p>With {@code revocation.mode} {@code soft-fail} or {@code hard-fail}, the trust manager is the
 * JDK's PKIX one with a {@link PKIXRevocationChecker}: a stapled OCSP response when the server
 * sends one, else the certificate's OCSP responder, else its CRL; {@code soft-fail} accepts a
 * certificate whose status cannot be had. Those checks may go to the network, so the handshake's
 * delegated tasks then run on {@link #checks()}, never on an event loop.
 *
 * <p>The JDK's {@code SSLEngine}. BoringSSL (netty-tcnative) was measured in the load benchmark and
 * used no less CPU per call (docs/benchmarks.md), so the project does without the native library.
 */
final class UpstreamTls {
    private static @Nullable ExecutorService checks;

    private UpstreamTls() {}

    /** The engine upstream connections use. */
    static String engine() {
        return "jdk";
    }

    /** Daemon threads for handshakes that check revocation (shared by all upstreams; they end when idle). */
    static synchronized ExecutorService checks() {
        if (checks == null) {
            AtomicInteger n = new AtomicInteger();
            checks = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "upstream-tls-check-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return checks;
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
            if (cfg.revocation() != Revocation.OFF) {
                b.trustManager(revocationChecking(cfg.caFile(), cfg.revocation()));
            } else if (ca != null) {
                b.trustManager(ca);
            }
            return b.build();
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot build TLS context for " + cfg.url() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static TrustManagerFactory revocationChecking(@Nullable Path caFile, Revocation mode)
            throws GeneralSecurityException, IOException {
        PKIXRevocationChecker checker =
                (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX").getRevocationChecker();
        Set<PKIXRevocationChecker.Option> options = EnumSet.noneOf(PKIXRevocationChecker.Option.class);
        if (mode == Revocation.SOFT_FAIL) {
            options.add(PKIXRevocationChecker.Option.SOFT_FAIL);
        }
        checker.setOptions(options);
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors(caFile), new X509CertSelector());
        params.setRevocationEnabled(true);
        params.addCertPathChecker(checker);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(new CertPathTrustManagerParameters(params));
        return tmf;
    }

    /** The CA file's certificates, or the JVM's trust store (javax.net.ssl.trustStore, else cacerts). */
    private static KeyStore anchors(@Nullable Path caFile) throws GeneralSecurityException, IOException {
        if (caFile == null) {
            String path = System.getProperty("javax.net.ssl.trustStore");
            Path store = path != null && !path.isEmpty()
                    ? Path.of(path)
                    : Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            String type = System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType());
            KeyStore ks = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(store)) {
                String pw = System.getProperty("javax.net.ssl.trustStorePassword");
                ks.load(in, pw == null ? null : pw.toCharArray());
            }
            return ks;
        }
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no certificate in CA file " + caFile);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        return ks;
    }
}
