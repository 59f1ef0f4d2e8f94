package io.amsgateway.server.caller;

import io.amsgateway.core.concurrent.DaemonThreads;
import io.amsgateway.server.config.ListenerTlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callers' listener TLS ({@code gateway.listener.tls}): a server {@link SslContext} built from
 * PEM files, TLS 1.2 and 1.3 only, with optional client certificates (mTLS) verified against a CA
 * bundle, and rebuilt without restart when the files change.
 *
 * <p>Every {@code reload-interval} a daemon thread (never an event loop) reads the files and
 * compares their SHA-256 with what is in use; this follows cert-manager renewals and a Kubernetes
 * Secret's atomic {@code ..data} symlink swap alike. New content is parsed, the key is checked
 * against the certificate, and the new context is used for every connection accepted from then
 * on; connections already open keep theirs. New content that cannot be used keeps the old context
 * and logs one ERROR naming the file (after it was seen twice in a row, so that a check that
 * straddles a swap is not reported).
 *
 * <pre>{@code
 * ListenerTls tls = ListenerTls.start(config.edge().tls());   // fails at once on a bad file
 * ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));  // per accepted connection
 * ...
 * tls.close();                                                // stops the reload thread
 * }</pre>
 *
 * <p>Engine: OpenSSL (BoringSSL from netty-tcnative) when {@code engine = auto} and it loads
 * here, else the JDK's. Thread-safe.
 */
public final class ListenerTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ListenerTls.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ListenerTlsConfig config;
    private final java.util.concurrent.atomic.LongAdder handshakeFailures = new java.util.concurrent.atomic.LongAdder();
    private final SslProvider provider;
    private final ScheduledExecutorService reloader;
    private final AtomicLong checks = new AtomicLong();
    private volatile Loaded current;
    /** Content that failed once (logged if it fails again) and content already reported. */
    private byte @Nullable [] failedOnce;

    private byte @Nullable [] reported;

    private ListenerTls(ListenerTlsConfig config, SslProvider provider, Loaded first) {
        this.config = config;
        this.provider = provider;
        this.current = first;
        this.reloader = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("listener-tls-reload"));
    }

    /**
     * Loads the files and starts watching them.
     *
     * @throws IllegalArgumentException naming the file that cannot be used, or the engine that
     *     cannot be had
     */
    public static ListenerTls start(ListenerTlsConfig config) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("gateway.listener.tls is not enabled");
        }
        if (config.clientAuth() != ListenerTlsConfig.ClientAuth.NONE
                && config.clientCaFile().isEmpty()) {
            // Never fall back to the JVM's trust store: any public CA's certificate would be a caller.
            throw new IllegalArgumentException(
                    "gateway.listener.tls.client-ca-file is required when client-auth is not none");
        }
        SslProvider provider = provider(config.engine());
        Loaded first;
        try {
            first = load(config, provider, Snapshot.read(config));
        } catch (TlsFileException e) {
            throw new IllegalArgumentException("gateway.listener.tls: " + e.getMessage());
        }
        ListenerTls tls = new ListenerTls(config, provider, first);
        long every = config.reloadInterval().toMillis();
        tls.reloader.scheduleWithFixedDelay(tls::checkQuietly, every, every, TimeUnit.MILLISECONDS);
        log.info(
                "listener TLS ({}, client-auth {}): certificate {} serial {} until {}",
                tls.engine(),
                config.clientAuth(),
                first.leaf.getSubjectX500Principal(),
                first.leaf.getSerialNumber().toString(16),
                first.leaf.getNotAfter().toInstant());
        return tls;
    }

    /** The engine a configuration gets here. */
    static SslProvider provider(ListenerTlsConfig.Engine engine) {
        return switch (engine) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException(
                            "gateway.listener.tls.engine = openssl, but OpenSSL (netty-tcnative) does not load here: "
                                    + OpenSsl.unavailabilityCause()
                                    + "; use engine = auto or jdk");
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** A TLS handler for one new connection, from the newest context. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = current.context.newHandler(alloc);
        handler.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                handshakeFailures.increment();
                log.debug("TLS handshake with a caller failed: {}", f.cause().toString());
            }
        });
        return handler;
    }

    /**
     * Handshakes on this listener that did not complete: a client certificate refused (missing,
     * untrusted, expired), no common protocol or cipher, or a peer that closed before finishing.
     * Such a caller never reaches the caller edge, so it has no audit record: this count is its trace.
     */
    public long handshakeFailures() {
        return handshakeFailures.sum();
    }

    /** The context new connections get now. */
    public SslContext context() {
        return current.context;
    }

    /** The listener's certificate (the chain's first) that new connections get now. */
    public X509Certificate certificate() {
        return current.leaf;
    }

    /** {@code openssl} or {@code jdk}. */
    public String engine() {
        return provider == SslProvider.JDK ? "jdk" : "openssl";
    }

    /** Checks the files now (the reload thread does this every interval); whether a new context is in use. */
    synchronized boolean checkNow() {
        checks.incrementAndGet();
        Snapshot snap = Snapshot.read(config);
        if (Arrays.equals(snap.hash, current.hash) || Arrays.equals(snap.hash, reported)) {
            return false;
        }
        try {
            Loaded next = load(config, provider, snap);
            current = next;
            failedOnce = null;
            reported = null;
            log.info(
                    "listener TLS reloaded: certificate {} serial {} until {} for new connections",
                    next.leaf.getSubjectX500Principal(),
                    next.leaf.getSerialNumber().toString(16),
                    next.leaf.getNotAfter().toInstant());
            return true;
        } catch (TlsFileException e) {
            if (Arrays.equals(snap.hash, failedOnce)) {
                reported = snap.hash;
                log.error(
                        "listener TLS: the new files cannot be used: {}; new connections keep certificate serial {}",
                        e.getMessage(),
                        current.leaf.getSerialNumber().toString(16));
            } else {
                failedOnce = snap.hash;
            }
            return false;
        }
    }

    /** How many checks ran (for tests). */
    long checks() {
        return checks.get();
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            log.error("listener TLS: checking the files failed", e);
        }
    }

    @Override
    public void close() {
        reloader.shutdownNow();
    }

    private static Loaded load(ListenerTlsConfig cfg, SslProvider provider, Snapshot snap) throws TlsFileException {
        if (snap.failure != null) {
            throw snap.failure;
        }
        Path certFile = cfg.certFile().orElseThrow();
        Path keyFile = cfg.keyFile().orElseThrow();
        List<X509Certificate> chain = PemFiles.certificates(certFile, snap.cert);
        PrivateKey key = PemFiles.privateKey(keyFile, snap.key);
        PemFiles.checkPair(keyFile, key, certFile, chain.get(0));
        List<X509Certificate> cas = null;
        if (snap.ca != null) {
            cas = PemFiles.certificates(cfg.clientCaFile().orElseThrow(), snap.ca);
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .clientAuth(
                            switch (cfg.clientAuth()) {
                                case NONE -> ClientAuth.NONE;
                                case OPTIONAL -> ClientAuth.OPTIONAL;
                                case REQUIRE -> ClientAuth.REQUIRE;
                            });
            if (cas != null) {
                b.trustManager(cas.toArray(X509Certificate[]::new));
            }
            return new Loaded(b.build(), chain.get(0), snap.hash);
        } catch (SSLException | RuntimeException e) {
            throw new TlsFileException(
                    certFile,
                    "no TLS context can be built from it and " + keyFile + " ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private record Loaded(SslContext context, X509Certificate leaf, byte[] hash) {}

    /** The files' bytes as read at one moment, and their joint hash. */
    private static final class Snapshot {
        byte[] cert = new byte[0];
        byte[] key = new byte[0];
        byte @Nullable [] ca;

        @Nullable
        TlsFileException failure;

        byte[] hash = new byte[0];

        static Snapshot read(ListenerTlsConfig cfg) {
            Snapshot s = new Snapshot();
            MessageDigest d = sha256();
            try {
                s.cert = read(cfg.certFile().orElseThrow());
                s.key = read(cfg.keyFile().orElseThrow());
                s.ca = cfg.clientAuth() == ListenerTlsConfig.ClientAuth.NONE
                                || cfg.clientCaFile().isEmpty()
                        ? null
                        : read(cfg.clientCaFile().get());
                for (byte[] part : new byte[][] {s.cert, s.key, s.ca == null ? new byte[0] : s.ca}) {
                    d.update(ByteBuffer.allocate(4).putInt(part.length).array());
                    d.update(part);
                }
            } catch (TlsFileException e) {
                s.failure = e;
                d.update(String.valueOf(e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            s.hash = d.digest();
            return s;
        }

        private static byte[] read(Path file) throws TlsFileException {
            try {
                return Files.readAllBytes(file);
            } catch (IOException | RuntimeException e) {
                throw new TlsFileException(
                        file, "cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
