package io.amsgateway.server.cli;

import io.amsgateway.server.GatewayMain;
import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.Reloader;
import io.amsgateway.server.config.GatewayConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Runs the gateway until SIGTERM or SIGINT, then drains in-flight calls and exits: {@value
 * GatewayMain#EXIT_OK} when every call in flight finished within the drain timeout, {@value
 * GatewayMain#EXIT_DRAIN_INCOMPLETE} when some were still running at its end. SIGHUP reloads the
 * configuration ({@link Reloader}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway with a configuration file.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions config;

    /** {@code run --config file} (null: no {@code --config}) as picocli would have set it up. */
    public static RunCommand withConfig(java.nio.file.@Nullable Path file) {
        RunCommand run = new RunCommand();
        run.config = new ConfigOptions();
        run.config.file = file;
        return run;
    }

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = config.load();
        if (cfg.profiles().isEmpty()) {
            throw new IllegalArgumentException("no profiles configured (gateway.profiles); see config/reference.conf");
        }
        StartupWarmup.crypto(cfg.crypto().provider());
        log.info("effective configuration:\n{}", cfg.redacted());
        // Signals are handled from before the start: a SIGHUP or SIGTERM that arrives while the
        // keys load is acted on once the gateway runs, never taken as the JVM's "terminate".
        Signals signals = Signals.install();
        // Each call is logged and measured by the server itself (access log, metrics).
        GatewayServer server = GatewayServer.start(cfg, call -> {});
        try (Reloader reloader = new Reloader(config::load, server)) {
            if (!signals.handled()) {
                return drainOnShutdownHook(server);
            }
            signals.reloadWith(reloader);
            String signal = signals.awaitStop();
            log.info("{} received: draining (at most {})", signal, cfg.drainTimeout());
            boolean clean = server.drain(cfg.drainTimeout());
            return clean ? GatewayMain.EXIT_OK : GatewayMain.EXIT_DRAIN_INCOMPLETE;
        }
    }

    /**
     * SIGTERM and SIGINT (stop: the gateway drains and its exit status says how that went, see the
     * class comment) and SIGHUP (reload the configuration, {@link Reloader}), handled by the
     * gateway itself rather than by the JVM's shutdown hooks.
     */
    static final class Signals {
        private final CountDownLatch stop = new CountDownLatch(1);
        private final AtomicReference<String> received = new AtomicReference<>();
        private final AtomicReference<Reloader> reloader = new AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicBoolean reloadPending =
                new java.util.concurrent.atomic.AtomicBoolean();
        private boolean handled = true;

        static Signals install() {
            Signals s = new Signals();
            for (String name : new String[] {"TERM", "INT"}) {
                s.handled &= s.handle(name, () -> {
                    if (s.received.compareAndSet(null, "SIG" + name)) {
                        s.stop.countDown();
                    } else {
                        log.info("SIG{} received again: still draining", name);
                    }
                });
            }
            if (!s.handle("HUP", s::reload)) {
                log.info("no SIGHUP on this platform: key-version changes need a restart");
            }
            return s;
        }

        private boolean handle(String name, Runnable action) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> action.run());
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** Whether SIGTERM and SIGINT are the gateway's (else the JVM's shutdown hooks run). */
        boolean handled() {
            return handled;
        }

        private void reload() {
            Reloader r = reloader.get();
            if (r != null) {
                r.request();
                return;
            }
            reloadPending.set(true); // still starting: reload once it runs
            r = reloader.get();
            if (r != null && reloadPending.getAndSet(false)) {
                r.request();
            }
        }

        /** From now on SIGHUP reloads with {@code r}; one that came during the start does now. */
        void reloadWith(Reloader r) {
            reloader.set(r);
            if (reloadPending.getAndSet(false)) {
                r.request();
            }
        }

        /** Blocks until SIGTERM or SIGINT (perhaps received already) and returns its name. */
        String awaitStop() throws InterruptedException {
            stop.await();
            return received.get();
        }
    }

    /** Where the stop signals cannot be handled: a shutdown hook drains (the JVM sets the status). */
    private static int drainOnShutdownHook(GatewayServer server) throws InterruptedException {
        awaitTermination(server);
        return GatewayMain.EXIT_OK;
    }

    /**
     * Blocks the main thread until the JVM is asked to stop; a shutdown hook closes {@code
     * resources} (for the demo, whose exit status does not matter).
     */
    static void awaitTermination(AutoCloseable... resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("shutdown requested: draining");
                            for (AutoCloseable r : resources) {
                                try {
                                    r.close();
                                } catch (Exception e) {
                                    log.warn("error while stopping: {}", e.toString());
                                }
                            }
                            stopped.countDown();
                        },
                        "shutdown"));
        stopped.await();
    }
}
