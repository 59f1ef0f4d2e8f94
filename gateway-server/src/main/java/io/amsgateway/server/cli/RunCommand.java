package io.amsgateway.server.cli;

import io.amsgateway.server.GatewayMain;
import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.Reloader;
import io.amsgateway.server.config.GatewayConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
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

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = config.load();
        if (cfg.profiles().isEmpty()) {
            throw new IllegalArgumentException("no profiles configured (gateway.profiles); see config/reference.conf");
        }
        log.info("effective configuration:\n{}", cfg.redacted());
        // Each call is logged and measured by the server itself (access log, metrics).
        GatewayServer server = GatewayServer.start(cfg, call -> {});
        try (Reloader reloader = new Reloader(config::load, server)) {
            reloadOnSighup(reloader);
            String signal = awaitStopSignal(server);
            log.info("{} received: draining (at most {})", signal, cfg.drainTimeout());
            boolean clean = server.drain(cfg.drainTimeout());
            return clean ? GatewayMain.EXIT_OK : GatewayMain.EXIT_DRAIN_INCOMPLETE;
        }
    }

    /**
     * SIGHUP re-reads the configuration file and moves profiles' key versions without restart;
     * everything else it reports as needing a restart. (SIGHUP no longer stops the JVM.)
     */
    private static void reloadOnSighup(Reloader reloader) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reloader.request());
        } catch (IllegalArgumentException e) {
            log.info("no SIGHUP on this platform: key-version changes need a restart");
        }
    }

    /**
     * Blocks until SIGTERM or SIGINT and returns its name. The gateway handles these itself (not
     * the JVM's shutdown hooks), so that the drain decides the exit status. Where the signals
     * cannot be handled, a shutdown hook drains instead (the exit status is then the JVM's).
     */
    static String awaitStopSignal(GatewayServer server) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<String> received = new AtomicReference<>();
        boolean handled = true;
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (received.compareAndSet(null, "SIG" + name)) {
                        stop.countDown();
                    } else {
                        log.info("SIG{} received again: still draining", name);
                    }
                });
            } catch (IllegalArgumentException e) {
                handled = false;
            }
        }
        if (!handled) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                log.info("shutdown requested: draining");
                                server.close();
                            },
                            "shutdown"));
            new CountDownLatch(1).await(); // until the JVM exits
        }
        stop.await();
        return received.get();
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
