package io.amsgateway.server.cli;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.ProviderMode;

/**
 * Start-up work that does not depend on the configuration's details, begun on other threads
 * while the main thread parses the command line, reads and logs the configuration and builds the
 * server: reading Amazon Corretto Crypto Provider's embedded jar into memory (always; nothing is
 * defined from it yet), loading ACCP and its native library (once the provider mode says it may be
 * chosen; another mode drops what was read), initialising the JDK's TLS context behind Netty's
 * {@code JdkSslContext} (it reads the JVM's trust store once) and loading Netty's epoll library
 * (docs/benchmarks.md, "Ready time").
 * Logging must be initialised before any of this begins (Netty's classes ask for loggers): SLF4J
 * hands a thread that asks during another thread's initialisation a stand-in logger and prints a
 * warning that is not a JSON line.
 *
 * <p>Only class initialisation, library loading and ACCP's read-ahead: the JVM runs each class's
 * initialiser once, and ACCP's loader takes the copy read ahead (waiting for a read in progress),
 * so the main thread either finds the work done or waits for it, and never repeats it. Nothing here
 * can fail for a configuration reason (ACCP's loader keeps its failure for {@link
 * CryptoProvider#select} to report, Netty keeps epoll's), and nothing is logged; a throwable is
 * dropped here because the main thread meets the same step and reports it.
 */
public final class StartupWarmup {
    private StartupWarmup() {}

    /**
     * What every gateway start needs whatever its configuration says: the JDK's TLS context and
     * the epoll library (not Bouncy Castle's provider, which only EC keys need and which is built
     * when one is read); and, on a thread of its own, ACCP's embedded jar read into memory (see
     * {@code CryptoProvider#readAheadAccp}). Called first thing by {@code run}, before the command
     * line is even parsed.
     */
    public static void common() {
        begin("ams-startup-warmup", () -> {
            step(() -> initialise("io.netty.handler.ssl.JdkSslContext"));
            step(() -> initialise("io.netty.channel.epoll.Epoll"));
        });
        begin("ams-startup-accp-read", () -> step(CryptoProvider::readAheadAccp));
    }

    /** ACCP's native library, once the configuration says the provider mode may choose it. */
    static void crypto(ProviderMode mode) {
        if (mode == ProviderMode.AUTO || mode == ProviderMode.ACCP) {
            begin("ams-startup-accp", () -> step(CryptoProvider::accpIfAvailable));
        } else {
            CryptoProvider.dropAccpReadAhead();
        }
    }

    private static void begin(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    private static void initialise(String className) throws ClassNotFoundException {
        Class.forName(className, true, StartupWarmup.class.getClassLoader());
    }

    private static void step(Step s) {
        try {
            s.run();
        } catch (Throwable e) { // NOPMD: the main thread meets and reports the same failure
            // dropped on purpose (see the class comment)
        }
    }

    private interface Step {
        void run() throws Exception;
    }
}
