package io.amsgateway.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real tinyproxy (Debian's package) for tests: started in the foreground on an ephemeral
 * loopback port with its own generated configuration, stopped by {@link #close()}. Required in
 * CI ({@code CI} set), where {@code .ci/run} installs it; a test is skipped elsewhere without it.
 *
 * <p>Its log (stderr) is kept in {@code tinyproxy.log} in the given directory; {@link #log()}
 * reads it, e.g. to see which CONNECT requests it took.
 */
public final class Tinyproxy implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/tinyproxy");

    private final Process process;
    private final int port;
    private final Path logFile;

    private Tinyproxy(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Starts tinyproxy with {@code extraLines} added to a configuration that listens on 127.0.0.1
     * and allows 127.0.0.1 (e.g. {@code "BasicAuth alice secret"}, {@code "ConnectPort 9"}).
     */
    public static Tinyproxy start(Path dir, List<String> extraLines) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            String why = BINARY + " is missing; install it with 'apt-get install tinyproxy' (.ci/run does)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            int port = freePort();
            Path conf = dir.resolve("tinyproxy-" + port + ".conf");
            StringBuilder sb = new StringBuilder()
                    .append("Port ")
                    .append(port)
                    .append("\nListen 127.0.0.1\nTimeout 30\nMaxClients 50\nLogLevel Info\nAllow 127.0.0.1\n");
            extraLines.forEach(l -> sb.append(l).append('\n'));
            Files.writeString(conf, sb.toString(), StandardCharsets.UTF_8);
            Path log = dir.resolve("tinyproxy-" + port + ".log");
            Process p = new ProcessBuilder(BINARY.toString(), "-d", "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new Tinyproxy(p, port, log);
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
            if (attempt >= 2) {
                throw new IllegalStateException("tinyproxy did not start: " + Files.readString(log));
            }
        }
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Tinyproxy's log so far. */
    public String log() throws IOException {
        return Files.readString(logFile, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
