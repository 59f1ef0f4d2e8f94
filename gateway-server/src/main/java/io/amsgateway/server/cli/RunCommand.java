package io.amsgateway.server.cli;

import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.config.GatewayConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the gateway until SIGTERM or SIGINT, then drains in-flight calls and exits. */
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
        reloadOnSighup(server);
        awaitTermination(server);
        return 0;
    }

    /**
     * SIGHUP re-reads the configuration file and moves profiles' key versions without restart;
     * everything else it reports as needing a restart. (SIGHUP no longer stops the JVM.)
     */
    private void reloadOnSighup(GatewayServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                // Off the signal dispatcher, and with a context class loader: Typesafe Config needs one.
                Thread reload = new Thread(
                        () -> {
                            try {
                                GatewayConfig next = config.load();
                                server.reload(next).thenAccept(lines -> lines.forEach(l -> log.info("reload: {}", l)));
                            } catch (RuntimeException e) {
                                log.warn("reload refused, the running configuration stays: {}", e.getMessage());
                            }
                        },
                        "config-reload");
                reload.setContextClassLoader(RunCommand.class.getClassLoader());
                reload.setDaemon(true);
                reload.start();
            });
        } catch (IllegalArgumentException e) {
            log.info("no SIGHUP on this platform: key-version changes need a restart");
        }
    }

    /** Blocks the main thread until the JVM is asked to stop; the shutdown hook drains. */
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
