package io.amsgateway.core.testing.vault;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.amsgateway.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The JDK HTTP(S) server under {@link FakeVault} on {@code 127.0.0.1}: picks an ephemeral port
 * once, and can stop (closing every connection) and listen again on that port. Thread-safe.
 */
final class VaultServer {
    static {
        // The JDK's HttpServer leaves Nagle's algorithm on unless told otherwise (read once, when its
        // first server starts): an answer written in two TLS records then waits for the client's
        // delayed ACK, some 40 ms. Real Vault (Go) sets TCP_NODELAY; so does this fake.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final @Nullable SelfSignedTls tls;
    private final HttpHandler handler;
    private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("fake-vault"));
    private @Nullable HttpServer server;
    private int port;

    VaultServer(@Nullable SelfSignedTls tls, HttpHandler handler) {
        this.tls = tls;
        this.handler = handler;
        bind(0);
    }

    private synchronized void bind(int wanted) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted);
        for (int attempt = 0; ; attempt++) {
            try {
                HttpServer s;
                if (tls != null) {
                    HttpsServer https = HttpsServer.create(address, 50);
                    https.setHttpsConfigurator(new HttpsConfigurator(tls.context));
                    s = https;
                } else {
                    s = HttpServer.create(address, 50);
                }
                s.createContext("/", handler);
                s.setExecutor(executor);
                s.start();
                server = s;
                port = s.getAddress().getPort();
                return;
            } catch (BindException e) {
                if (attempt >= 50) {
                    throw new UncheckedIOException("port " + wanted + " stays busy", e);
                }
                pause(); // the old socket may linger for a moment after down()
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    URI uri() {
        return URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + port);
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    synchronized void up() {
        if (server == null) {
            bind(port);
        }
    }

    void close() {
        down();
        executor.shutdownNow();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
