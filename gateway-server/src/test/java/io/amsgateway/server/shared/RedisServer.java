package io.amsgateway.server.shared;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package) for tests: on 127.0.0.1 and a free ephemeral
 * port, without persistence ({@code --save '' --appendonly no}), started and stopped by the test,
 * and restartable on the same port (to test an outage and the recovery). Required in CI ({@code
 * CI} set), where {@code .ci/run} installs it; a test is skipped elsewhere when it is missing.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final List<String> extra;
    private final boolean tls;
    private final @org.jspecify.annotations.Nullable Path sentinelConf;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    private RedisServer(Path dir, boolean tls, List<String> extra) throws IOException {
        this(dir, tls, extra, null);
    }

    private RedisServer(Path dir, boolean tls, List<String> extra, @org.jspecify.annotations.Nullable Path sentinel)
            throws IOException {
        this.dir = dir;
        this.tls = tls;
        this.extra = extra;
        this.sentinelConf = sentinel;
        this.port = freePort();
    }

    /** A Sentinel (quorum 1) watching {@code master} under the name {@code mymaster}. */
    public static RedisServer startSentinel(Path dir, RedisServer master) throws Exception {
        Path conf = Files.writeString(
                Files.createTempFile(dir, "sentinel", ".conf"),
                "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1\n");
        RedisServer r = new RedisServer(dir, false, List.of(), conf);
        r.startProcess();
        return r;
    }

    /** The redis-server binary; fails (CI) or aborts the test (elsewhere) when it is missing. */
    public static Path require() {
        Optional<Path> found = Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String why = "redis-server is not on PATH; install it with 'apt-get install redis-server' (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    /** A plain Redis with {@code extra} arguments (e.g. {@code --requirepass secret}). */
    public static RedisServer start(Path dir, String... extra) throws Exception {
        RedisServer r = new RedisServer(dir, false, List.of(extra));
        r.startProcess();
        return r;
    }

    /**
     * Redis speaking only TLS on its port ({@code --tls-port}, {@code --port 0}), with the given
     * PEM files; clients need no certificate.
     */
    public static RedisServer startTls(Path dir, Path cert, Path key, Path ca, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--tls-cert-file", cert.toString(),
                "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(),
                "--tls-auth-clients", "no"));
        args.addAll(List.of(extra));
        RedisServer r = new RedisServer(dir, true, args);
        r.startProcess();
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} or {@code rediss://...}. */
    public String uri() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    /** Whether the server runs now. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again, on the same port) and waits until it accepts connections. */
    public synchronized void startProcess() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(require().toString()));
        if (sentinelConf != null) {
            cmd.addAll(List.of(sentinelConf.toString(), "--sentinel"));
        }
        cmd.addAll(List.of("--bind", "127.0.0.1", "--port", tls ? "0" : Integer.toString(port)));
        if (sentinelConf == null) {
            cmd.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        cmd.addAll(List.of("--dir", dir.toString(), "--daemonize", "no"));
        if (tls) {
            cmd.addAll(List.of("--tls-port", Integer.toString(port)));
        }
        cmd.addAll(extra);
        output.clear();
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Process p = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            output.add(line);
                            if ((line.contains("Ready to accept connections") || line.contains("+monitor master"))) {
                                ready.complete(true);
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    ready.complete(false);
                },
                "redis-server-output");
        reader.setDaemon(true);
        reader.start();
        boolean ok;
        try {
            ok = ready.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            ok = false;
        }
        if (!ok) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "redis-server did not start on port " + port + ":\n" + String.join("\n", output));
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until it is gone; the port stays its. */
    public synchronized void stopProcess() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Its log, for assertion messages. */
    public String log() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        stopProcess();
    }
}
