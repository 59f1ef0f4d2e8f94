package io.amsgateway.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.PemKeys;
import io.amsgateway.core.crypto.ProviderMode;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.simulator.ams.AmsApi;
import io.amsgateway.simulator.ams.PaymentStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local AMS: start it, point a gateway (or a test) at {@link BoundPorts#baseUri()}, close it.
 *
 * <pre>{@code
 * try (AmsSimulator sim = new AmsSimulator(SimulatorConfig.builder()
 *         .merchant(MerchantPublicKey.parse("SANDBOX_5X00000000000000", 1, merchantPublicKeyPem))
 *         .certificateOut(Path.of("target/sim-cert.pem"))
 *         .build())) {
 *     BoundPorts ports = sim.start();
 *     // trust sim.certificatePem(), verify responses with sim.alipayPublicKey()
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #start()} once, {@link #close()} any number of times.
 */
public final class AmsSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmsSimulator.class);

    private final SimulatorConfig config;
    private final FaultSwitch faults = new FaultSwitch();
    private final SimulatorStats stats = new SimulatorStats();
    private final PaymentStore store;
    private final CryptoProvider provider;
    private final PrivateKey alipayPrivateKey;
    private final JcaSigner alipaySigner;
    private final @Nullable TlsIdentity tls;
    private @Nullable EventLoopGroup group;
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable NotificationSender notifier;
    private @Nullable BoundPorts ports;

    /**
     * Prepares a simulator: keys are loaded or generated and the TLS identity made, but nothing
     * listens until {@link #start()}.
     *
     * @throws IllegalArgumentException if a key does not fit its algorithm
     */
    public AmsSimulator(SimulatorConfig config) {
        this.config = config;
        this.store = new PaymentStore(config.maxStoredPayments());
        this.provider =
                config.cryptoProvider() != null ? config.cryptoProvider() : CryptoProvider.select(ProviderMode.AUTO);
        try {
            this.alipayPrivateKey = config.alipayPrivateKey() != null ? config.alipayPrivateKey() : generateRsa();
            this.tls = config.plainHttp()
                    ? null
                    : config.tls() != null ? config.tls() : TlsIdentity.selfSigned(config.bindAddress());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the simulator's keys", e);
        }
        this.alipaySigner = JcaSigner.create(
                "ALIPAY_SIMULATOR", config.alipayKeyVersion(), SignatureAlgorithm.RSA256, alipayPrivateKey, provider);
    }

    private static PrivateKey generateRsa() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair().getPrivate();
    }

    /**
     * Binds the AMS port (and the control port), writes the certificate and public key files.
     *
     * @return where it listens
     * @throws UncheckedIOException if a file cannot be written or a port bound
     */
    public synchronized BoundPorts start() {
        if (ports != null) {
            throw new IllegalStateException("already started");
        }
        writeFiles();
        ResponseSigner signer = new ResponseSigner(alipaySigner, config.clock());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ams-simulator-notify");
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (config.notifySslContext() != null) {
            http.sslContext(config.notifySslContext());
        }
        notifier = new NotificationSender(
                signer,
                http.build(),
                scheduler,
                new RetrySchedule(config.notifyScheduleScale()),
                stats,
                config.maxPendingNotifications());
        AmsService service = new AmsService(
                new RequestChecker(
                        MerchantRegistry.of(config.merchants(), provider),
                        alipayPrivateKey,
                        config.apiKeys(),
                        config.revokedApiKeys()),
                new AmsApi(store, notifier, config.clock()),
                signer,
                faults,
                config.signErrorResponses(),
                stats);
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), Transports.ioHandlerFactory());
        try {
            Channel ams = bind(
                    config.bindAddress(),
                    config.port(),
                    new HttpPipelineInitializer(sslContext(), config.maxBodyBytes(), new AmsRequestHandler(service)));
            int controlPort = -1;
            if (config.controlPort() >= 0) {
                Channel control = bind(
                        "127.0.0.1",
                        config.controlPort(),
                        new HttpPipelineInitializer(null, 64 * 1024, new ControlHandler(faults, this::state)));
                controlPort = ((InetSocketAddress) control.localAddress()).getPort();
            }
            ports = new BoundPorts(
                    config.bindAddress(), ((InetSocketAddress) ams.localAddress()).getPort(), controlPort, tls != null);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info(
                "AMS simulator listening on {} ({}, {} merchant keys), control on {}",
                ports.baseUri(),
                Transports.name(),
                config.merchants().size(),
                ports.controlPort() < 0 ? "none" : ports.controlUri());
        return ports;
    }

    private Channel bind(String host, int port, HttpPipelineInitializer init) {
        var f = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init)
                .bind(host, port)
                .syncUninterruptibly();
        return f.channel();
    }

    private @Nullable SslContext sslContext() {
        if (tls == null) {
            return null;
        }
        try {
            return SslContextBuilder.forServer(tls.key(), tls.chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.JDK)
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("cannot build the TLS context", e);
        }
    }

    private void writeFiles() {
        try {
            if (tls != null && config.certificateOut() != null) {
                write(config.certificateOut(), tls.certificatePem());
            }
            if (config.alipayPublicKeyOut() != null) {
                write(config.alipayPublicKeyOut(), pem(alipayPublicKey().getEncoded()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulator's certificate or public key", e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static String pem(byte[] spki) {
        return PemKeys.pem("PUBLIC KEY", spki);
    }

    /** The public key responses and notifications verify with (Alipay's, from the gateway's view). */
    public PublicKey alipayPublicKey() {
        return alipaySigner.publicKey();
    }

    /** The key version written in the simulator's signatures. */
    public int alipayKeyVersion() {
        return config.alipayKeyVersion();
    }

    /** The TLS certificate chain as PEM, or null for plain HTTP. */
    public @Nullable String certificatePem() {
        return tls == null ? null : tls.certificatePem();
    }

    /** The global fault switch (what the control endpoint sets). */
    public FaultSwitch faults() {
        return faults;
    }

    /** Where it listens, or null before {@link #start()}. */
    public synchronized @Nullable BoundPorts ports() {
        return ports;
    }

    /**
     * Every header name the AMS port has received, in lower case: what a gateway forwarded to
     * "Alipay" (e.g. to check that correlation headers stay behind). Also in {@code GET /state}.
     */
    public Set<String> headerNamesSeen() {
        return Set.copyOf(stats.headerNames);
    }

    /** The counters of {@code GET /state}. */
    public ObjectNode state() {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("payments", store.payments());
        s.put("refunds", store.refunds());
        s.put("requests", stats.requests.sum());
        s.put("rejected", stats.rejected.sum());
        ObjectNode byVersion = s.putObject("acceptedByKeyVersion");
        stats.acceptedByKeyVersion.forEach((v, n) -> byVersion.put(Integer.toString(v), n.sum()));
        s.put("acceptedByApiKey", stats.acceptedByApiKey.sum());
        ObjectNode byTimeForm = s.putObject("acceptedByRequestTimeForm");
        stats.acceptedByRequestTimeForm.forEach((form, n) -> byTimeForm.put(form, n.sum()));
        ObjectNode n = s.putObject("notifications");
        n.put("pending", notifier == null ? 0 : notifier.pending());
        n.put("attempts", stats.notificationAttempts.sum());
        n.put("delivered", stats.notificationsDelivered.sum());
        n.put("abandoned", stats.notificationsAbandoned.sum());
        n.put("dropped", stats.notificationsDropped.sum());
        stats.headerNames.forEach(s.putArray("headerNames")::add);
        return s;
    }

    /** Stops listening and sending; pending notifications are abandoned. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }
}
