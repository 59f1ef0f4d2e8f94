package io.amsgateway.server;

import io.amsgateway.server.config.GatewayConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration reloads (SIGHUP), one at a time and last writer wins: each {@link #request} is
 * served by a reload that reads the file <em>after</em> it, on the one {@code config-reload}
 * thread, and a reload ends only once its key moves have loaded or failed. Requests that arrive
 * while a reload waits to start share it; one that arrives during a reload gets the next. So the
 * file's content at the last request is what is in force once the reloads settle, however close
 * together the signals come (a slow key move can never land after a later reload).
 *
 * <p>Each line of a reload is logged once: INFO, or WARN for a change that was not made; a file
 * that does not load is refused whole (WARN) and the running configuration stays. Thread-safe.
 */
public final class Reloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final Supplier<GatewayConfig> load;
    private final GatewayServer server;
    private final ExecutorService thread;
    private final Object lock = new Object();
    /** The reload that will read the file after every request so far; null when none waits. */
    private @Nullable CompletableFuture<List<String>> pending;

    /**
     * @param load reads and validates the configuration file (throws with a message to log if it
     *     is invalid); runs on the reload thread, whose context class loader is this class's
     */
    public Reloader(Supplier<GatewayConfig> load, GatewayServer server) {
        this.load = load;
        this.server = server;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-reload");
            t.setDaemon(true);
            // Typesafe Config needs a context class loader; signal threads have none.
            t.setContextClassLoader(Reloader.class.getClassLoader());
            return t;
        });
    }

    /**
     * Asks for a reload; completes with its lines once a reload that read the file after this call
     * has been applied (or with the failure that refused the file).
     */
    public CompletableFuture<List<String>> request() {
        synchronized (lock) {
            if (pending == null) {
                pending = new CompletableFuture<>();
                thread.execute(this::runPending);
            }
            return pending;
        }
    }

    private void runPending() {
        CompletableFuture<List<String>> mine;
        synchronized (lock) {
            mine = pending;
            pending = null; // requests from now on are served by the next reload
        }
        if (mine == null) {
            return;
        }
        try {
            GatewayConfig next = load.get();
            List<String> lines = server.reload(next).get();
            for (String l : lines) {
                if (ConfigReload.isWarning(l)) {
                    log.warn("reload: {}", l);
                } else {
                    log.info("reload: {}", l);
                }
            }
            mine.complete(lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mine.completeExceptionally(e);
        } catch (ExecutionException | RuntimeException e) {
            Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("reload refused, the running configuration stays: {}", CliErrors.describe(t));
            mine.completeExceptionally(t);
        }
    }

    /** Stops the reload thread (a reload in progress is abandoned). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
