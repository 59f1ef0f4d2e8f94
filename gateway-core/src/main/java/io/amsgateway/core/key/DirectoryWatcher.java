package io.amsgateway.core.key;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs listeners when anything changes in a set of directories: a file written, created, renamed
 * or removed. That covers a key edited in place, a file rendered by the Vault Agent injector or the
 * Vault CSI provider, and Kubernetes' atomic Secret update (a new {@code ..data} symlink renamed
 * over the old one). Bursts of events within {@link #SETTLE_MILLIS} make one notification.
 *
 * <p>A directory that cannot be watched (missing, unreadable) is logged and skipped: reading the
 * keys reports the problem. One daemon thread per watcher; listeners run on it and must not block
 * for long. Closing stops the thread. Thread-safe.
 */
final class DirectoryWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);
    static final long SETTLE_MILLIS = 100;

    private final WatchService watch;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;

    DirectoryWatcher(Collection<Path> dirs) throws IOException {
        this.watch = FileSystems.getDefault().newWatchService();
        for (Path dir : dirs) {
            try {
                dir.register(
                        watch,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            } catch (IOException e) {
                // Reading the keys will say what is wrong with the directory; until it can be
                // watched, changes are picked up by the cache's refresh interval alone.
                log.warn(
                        "cannot watch key directory {} ({}); key changes there wait for the cache's refresh",
                        dir,
                        e.getClass().getSimpleName());
            }
        }
        this.thread = new Thread(this::run, "key-dir-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                drain(key);
                // Let a burst (a Secret swap is several renames and deletes) settle first.
                WatchKey more;
                while ((more = watch.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                for (Runnable l : listeners) {
                    try {
                        l.run();
                    } catch (RuntimeException e) {
                        log.warn("a key directory change listener failed", e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            log.debug("closing the key directory watcher", e);
        }
        thread.interrupt();
    }
}
