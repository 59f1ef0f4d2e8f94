package io.amsgateway.server;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.NativePlatform;
import io.amsgateway.server.admin.AdminServer;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.call.CallRecorder;
import io.amsgateway.server.call.CallTracer;
import io.amsgateway.server.caller.CallerPolicy;
import io.amsgateway.server.caller.ListenerKind;
import io.amsgateway.server.caller.ListenerTls;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.server.config.ProfileConfig;
import io.amsgateway.server.edge.CallerEdge;
import io.amsgateway.server.keys.KeySources;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.amsgateway.server.notify.DedupStores;
import io.amsgateway.server.notify.NotificationService;
import io.amsgateway.server.pipeline.CallerChannelInitializer;
import io.amsgateway.server.pipeline.CallerListener;
import io.amsgateway.server.pipeline.EdgeBudget;
import io.amsgateway.server.pipeline.GatewayState;
import io.amsgateway.server.pipeline.Routes;
import io.amsgateway.server.profile.ClientProfile;
import io.amsgateway.server.profile.ProfileRegistry;
import io.amsgateway.server.proxy.ProxyService;
import io.amsgateway.server.shared.SharedState;
import io.amsgateway.server.tracing.OtelCallTracer;
import io.amsgateway.server.upstream.AlipayUpstream;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: event loops, the callers' listener, one upstream per profile, and the
 * graceful drain.
 *
 * <p>{@link #start} loads and checks every profile's keys before binding, so a gateway that is
 * listening can sign. {@link #close} drains: it stops accepting connections and calls, lets calls
 * in flight finish for at most the configured drain timeout, then closes everything.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** After the drain timeout, how long the gateway's answers to abandoned calls may take to be written. */
    static final long ANSWER_WAIT_MILLIS = 2_000;

    private final GatewayConfig cfg;
    private final Transports transports;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final DnsAddressResolverGroup resolver;
    private final ProfileRegistry profiles;
    private final GatewayMetrics metrics;
    private final GatewayState state;
    private final EdgeBudget edge;
    private final AdminServer admin;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final @Nullable Channel listener;
    private final @Nullable Channel unixListener;
    private final @Nullable ListenerTls listenerTls;
    private final CallerEdge callerEdge;
    private final CryptoProvider crypto;
    private final KeySources keySources;
    private final @Nullable OtelCallTracer tracer;
    private final SharedState sharedState;

    private GatewayServer(GatewayConfig cfg, Consumer<CallRecord> observer) throws InterruptedException {
        if (cfg.listener().port() >= 0) {
            // Before anything is started: a network listener without caller rules is a mistake to fix first.
            CallerPolicy.requireRulesFor(cfg.listener(), cfg.edge().callers());
        }
        this.cfg = cfg;
        this.metrics = new GatewayMetrics(GatewayVersion.current());
        this.state = new GatewayState(metrics);
        this.edge = new EdgeBudget(
                cfg.edge().limits().maxConnections(), cfg.edge().limits().maxBufferedBodyBytes());
        this.crypto = CryptoProvider.select(cfg.crypto().provider());
        metrics.cryptoProvider(crypto.name());
        this.transports = Transports.detect();
        metrics.transport(transports.name());
        this.resolver = transports.resolver();
        cfg.vault().ifPresent(v -> metrics.vault().expectMethod(v.auth().method()));
        this.keySources = new KeySources(cfg, crypto, metrics);
        this.boss = transports.group(1);
        this.workers = transports.group(Runtime.getRuntime().availableProcessors());
        List<ClientProfile> built = new ArrayList<>();
        try {
            for (ProfileConfig p : cfg.profiles().values()) {
                AlipayUpstream u = new AlipayUpstream(p.upstream(), workers, transports.socketChannel(), resolver);
                ClientProfile profile = new ClientProfile(p, keySources.cached(p), u);
                built.add(profile);
                profile.keys().signsWith(p.clientId(), p.keyVersion());
                metrics.calls().expectProfile(p.name());
                metrics.calls()
                        .registerPoolGauges(
                                p.name(),
                                u::activeConnections,
                                () -> Math.max(0, u.openConnections() - u.activeConnections()),
                                u::pendingAcquires);
                metrics.calls().registerConnectFailures(p.name(), u::connectFailures);
                metrics.keyCache()
                        .registerKeyGauges(
                                p.name(), profile.keys().name(), profile.keys()::staleEntries, profile::keysReady);
            }
            awaitKeys(built, cfg.keys().startupTimeout());
        } catch (RuntimeException e) {
            built.forEach(ClientProfile::close);
            keySources.close();
            shutdownLoops();
            throw e;
        }
        this.profiles = new ProfileRegistry(built, cfg.defaultProfile().orElse(null));
        // Redis (when configured) connects in the background: never a reason to fail or delay the start.
        this.sharedState = SharedState.start(cfg.sharedState(), metrics.registry());
        this.tracer = cfg.tracing().enabled() ? OtelCallTracer.create(cfg.tracing()) : null;
        boolean tcpOn = cfg.listener().port() >= 0;
        this.callerEdge = new CallerEdge(cfg.edge(), cfg.listener(), tcpOn, sharedState);
        Routes routes = Routes.of(callerEdge.inFrontOf(
                new ProxyService(profiles, System::currentTimeMillis, tracer == null ? CallTracer.NONE : tracer)));
        if (cfg.notifications().enabled()) {
            routes = routes.withNotifications(
                    cfg.notifications().pathPrefix(),
                    new NotificationService(
                            cfg.notifications(),
                            profiles,
                            System::currentTimeMillis,
                            DedupStores.create(cfg.notifications(), sharedState)));
        }
        CallRecorder recorder = new CallRecorder(metrics, observer);
        try {
            if (tcpOn) {
                this.listenerTls = cfg.edge().tls().enabled()
                        ? ListenerTls.start(cfg.edge().tls())
                        : null;
                if (listenerTls != null) {
                    metrics.callers().handshakeFailures(listenerTls::handshakeFailures);
                }
                CallerListener tcp = new CallerListener(
                        ListenerKind.ofHost(cfg.listener().host()), listenerTls == null ? "tcp" : "tls", listenerTls);
                ServerBootstrap b = new ServerBootstrap()
                        .group(boss, workers)
                        .channel(transports.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(initializer(tcp, routes, recorder));
                this.listener = bind(
                        b,
                        new InetSocketAddress(
                                cfg.listener().host(), cfg.listener().port()),
                        e -> bindFailure(
                                "gateway.listener",
                                cfg.listener().host(),
                                cfg.listener().port(),
                                e));
            } else {
                this.listenerTls = null;
                this.listener = null;
            }
            if (cfg.edge().unixSocket().isPresent()) {
                Path path = cfg.edge().unixSocket().get();
                if (!transports.name().equals("epoll")) {
                    throw new IllegalStateException("gateway.listener.unix-socket = " + path
                            + " needs the epoll transport (Linux, with Netty's native epoll library), and this"
                            + " gateway runs on " + transports.name() + " (" + Epoll.unavailabilityCause()
                            + "); remove gateway.listener.unix-socket or run on Linux x86_64/aarch64");
                }
                removeStaleSocket(path);
                ServerBootstrap u = new ServerBootstrap()
                        .group(boss, workers)
                        .channel(EpollServerDomainSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childHandler(initializer(
                                new CallerListener(ListenerKind.UNIX_SOCKET, "unix", null), routes, recorder));
                this.unixListener = bind(
                        u,
                        new DomainSocketAddress(path.toFile()),
                        e -> new IllegalStateException(
                                "cannot listen on " + path + " (gateway.listener.unix-socket): "
                                        + e.getClass().getSimpleName() + " (" + e.getMessage()
                                        + "); is its directory there and writable?",
                                e));
            } else {
                this.unixListener = null;
            }
            metrics.readiness(this::ready);
            try {
                this.admin = AdminServer.start(cfg.admin().host(), cfg.admin().port(), boss, metrics, this::ready);
            } catch (Exception e) {
                if (e instanceof InterruptedException i) {
                    throw i;
                }
                throw bindFailure(
                        "gateway.admin", cfg.admin().host(), cfg.admin().port(), e);
            }
        } catch (Exception e) {
            closeListeners();
            profiles.all().forEach(ClientProfile::close);
            keySources.close();
            closeTracer();
            sharedState.close();
            shutdownLoops();
            throw e;
        }
        log.info(
                "gateway listening on {}, admin on {} ({}: {} transport, upstream TLS {}, crypto {}, profiles {})",
                listenerNames(),
                admin.address(),
                NativePlatform.current(),
                transports.name(),
                AlipayUpstream.tlsEngine(),
                crypto.name(),
                cfg.profiles().keySet());
        log.info(
                "callers: {}{}",
                listenerTls == null ? "" : "TLS listener (" + listenerTls.engine() + "), ",
                cfg.edge().summary());
    }

    private CallerChannelInitializer initializer(CallerListener l, Routes routes, CallRecorder recorder) {
        return new CallerChannelInitializer(
                l, routes, state, cfg.listener(), cfg.edge().readTimeout(), edge, recorder, connections);
    }

    private static Channel bind(
            ServerBootstrap b,
            java.net.SocketAddress address,
            java.util.function.Function<Exception, IllegalStateException> failure)
            throws InterruptedException {
        try {
            return b.bind(address).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException i) {
                throw i;
            }
            throw failure.apply(e);
        }
    }

    /** A socket file left by an earlier run is removed; anything else at the path is a mistake to fix. */
    private static void removeStaleSocket(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("gateway.listener.unix-socket = " + path
                    + " is an existing file or directory, not a socket; choose another path");
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new IllegalStateException("gateway.listener.unix-socket = " + path
                    + ": the old socket file cannot be removed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String listenerNames() {
        List<String> names = new ArrayList<>();
        if (listener != null) {
            names.add(String.valueOf(listener.localAddress()));
        }
        if (unixSocket() != null) {
            names.add("unix:" + unixSocket());
        }
        return String.join(" and ", names);
    }

    private void closeListeners() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        if (unixListener != null) {
            unixListener.close().awaitUninterruptibly();
            Path p = unixSocket();
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn(
                            "could not remove the Unix socket file {}: {}",
                            p,
                            e.getClass().getSimpleName());
                }
            }
        }
        if (listenerTls != null) {
            listenerTls.close();
        }
    }

    /**
     * A listener that could not bind, named by its address and configuration key: {@code
     * java.net.BindException} (NIO) and Netty's native {@code bind(..) failed} say neither.
     */
    static IllegalStateException bindFailure(String key, String host, int port, Exception e) {
        String text = String.valueOf(e.getMessage());
        String why = e instanceof java.net.BindException || text.contains("Address already in use")
                ? "the address is already in use; stop what listens there or set " + key + ".port"
                : e.getClass().getSimpleName() + " (" + text + ")";
        return new IllegalStateException("cannot listen on " + hostPort(host, port) + " (" + key + "): " + why, e);
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Waits up to {@code timeout} in all for every profile's primary key and Alipay's keys. A file
     * or PKCS#11 source that fails stops the start (a missing or broken key file, a wrong PIN, a
     * missing token or key are mistakes to fix now); a
     * Vault source that cannot answer yet lets the gateway start unready: {@code /readyz} stays 503
     * until its keys load, which each probe and each call retries.
     */
    private static void awaitKeys(List<ClientProfile> profiles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ClientProfile p : profiles) {
            String why;
            try {
                p.loadKeys().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                continue;
            } catch (ExecutionException e) {
                why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            } catch (TimeoutException e) {
                why = "no answer within gateway.keys.startup-timeout (" + timeout + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading keys");
            }
            if (p.cfg().keySource().type().equals("file")
                    || p.cfg().keySource().type().equals("pkcs11")) {
                throw new IllegalArgumentException("profile " + p.name() + ": " + why);
            }
            log.warn(
                    "profile {}: keys from {} not loaded yet ({}); starting unready, retrying",
                    p.name(),
                    p.cfg().keySource().type(),
                    why);
        }
    }

    /**
     * Starts the gateway.
     *
     * @throws IllegalArgumentException if a profile's key cannot be loaded (the message names it)
     */
    public static GatewayServer start(GatewayConfig cfg, Consumer<CallRecord> observer) throws InterruptedException {
        return new GatewayServer(cfg, observer);
    }

    /**
     * Applies a new configuration's {@code key-version}s without restart (see {@link ConfigReload});
     * completes with one line per change or refusal. The running configuration stays {@code cfg}:
     * reload again from the file to move back.
     */
    public CompletableFuture<List<String>> reload(GatewayConfig next) {
        List<String> edge = callerEdge.apply(next.edge());
        return ConfigReload.apply(cfg, next, profiles).thenApply(lines -> {
            if (edge.isEmpty()) {
                return lines;
            }
            List<String> out = new ArrayList<>(lines);
            out.remove("nothing changed");
            out.addAll(edge);
            return out;
        });
    }

    /** The TCP listener's bound port, or -1 when the TCP listener is off ({@code gateway.listener.port = -1}). */
    public int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The Unix domain socket's path, or null when there is none. */
    public @Nullable Path unixSocket() {
        return unixListener == null ? null : cfg.edge().unixSocket().orElse(null);
    }

    /** The caller edge (policy, tokens and limits in force). */
    public CallerEdge callerEdge() {
        return callerEdge;
    }

    /** The callers' TLS listener's certificate and context, or null for plain HTTP. */
    public @Nullable ListenerTls listenerTls() {
        return listenerTls;
    }

    /**
     * Ready to take calls: listening, not draining, and every profile's primary key and Alipay's
     * keys loaded (stale ones count: during a Vault outage the cache serves and the gateway stays
     * ready until the keys' hard expiry), and no remote signer's circuit open where {@code
     * gateway.keys.signer-circuit.readiness = fail}.
     */
    public boolean ready() {
        boolean listening =
                (listener != null && listener.isActive()) || (unixListener != null && unixListener.isActive());
        if (!listening || state.draining()) {
            return false;
        }
        if (!keySources.signersReady()) {
            return false;
        }
        for (ClientProfile p : profiles.all()) {
            if (!p.keysReady()) {
                return false;
            }
        }
        return true;
    }

    /** The admin listener's bound port. */
    public int adminPort() {
        return admin.port();
    }

    /** Calls in flight and drain state. */
    public GatewayState state() {
        return state;
    }

    /** The edge's global caps and what is counted against them now. */
    public EdgeBudget edge() {
        return edge;
    }

    /** The profiles (with their upstream pools). */
    public ProfileRegistry profiles() {
        return profiles;
    }

    /** The active crypto provider. */
    public CryptoProvider crypto() {
        return crypto;
    }

    /** Drains with the configured timeout, then stops; see the class comment. */
    @Override
    public void close() {
        drain(cfg.drainTimeout());
    }

    /**
     * Stops accepting, waits for calls in flight up to {@code timeout}, answers those still running
     * with {@code GATEWAY_SHUTTING_DOWN} ({@code U} if their request was sent, else {@code F}) and
     * closes their connections once the answer is written, then stops everything.
     *
     * @return whether the drain was clean: every call in flight finished within {@code timeout}
     */
    public boolean drain(Duration timeout) {
        state.startDraining();
        closeListeners();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int abandoned = state.inFlight();
        if (abandoned > 0) {
            log.warn(
                    "drain timeout: answering {} call(s) still in flight with GATEWAY_SHUTTING_DOWN"
                            + " (U where the request was sent: their outcome at Alipay is unknown)",
                    abandoned);
            long answered = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_WAIT_MILLIS);
            for (var closed : state.abandonAll()) {
                closed.awaitUninterruptibly(Math.max(0, answered - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
        connections.close().awaitUninterruptibly();
        admin.close();
        profiles.all().forEach(ClientProfile::close);
        keySources.close();
        closeTracer();
        sharedState.close();
        shutdownLoops();
        log.info("gateway stopped");
        return abandoned == 0;
    }

    /** Flushes the spans still queued (bounded) and stops the exporter. */
    private void closeTracer() {
        if (tracer != null) {
            tracer.close();
        }
    }

    /** The shared state (memory, or the Redis connection) for stores that share it between replicas. */
    public SharedState sharedState() {
        return sharedState;
    }

    private void shutdownLoops() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        resolver.close();
    }
}
