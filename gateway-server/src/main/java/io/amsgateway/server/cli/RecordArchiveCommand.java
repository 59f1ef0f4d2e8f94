package io.amsgateway.server.cli;

import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.BoundPorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Records the class-data-sharing archive that the image maps (the Dockerfile runs this once, on the
 * image's own JVM). The archive must hold the classes a production start loads, and only those. So
 * this process starts the AMS simulator with generated test keys, then starts the gateway as a
 * child process exactly as the image does ({@code java -jar ams-gateway.jar run --config ...}, JSON
 * logs), with {@code -XX:ArchiveClassesAtExit}. It waits until {@code /readyz} answers, sends one
 * signed payment through it, requires a verified answer, scrapes {@code /metrics}, then stops the
 * gateway with SIGTERM and requires a clean drain (exit 0) and the archive. The simulator and this
 * command's client never run in the recorded JVM.
 *
 * <p>An archive recorded by {@code demo --check-only} (simulator, gateway and the JDK's HTTP client
 * in one JVM) held about 1,700 classes a {@code run} never loads, all made resident when the JVM
 * relocates the archive. This one starts the gateway sooner and leaves a smaller resident set
 * (docs/benchmarks.md, "Ready time"). Like the demo's check, it doubles as a smoke test of the image:
 * any failure fails the image build.
 */
@Command(
        name = "record-archive",
        mixinStandardHelpOptions = true,
        description = "Record the class-data-sharing archive of a real start and call (the image build runs this).")
public final class RecordArchiveCommand implements Callable<Integer> {
    static final String CLIENT_ID = "SANDBOX_5YARCHIVE0000000";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "Where the archive goes, e.g. /app/ams-gateway.jsa.")
    Path archive;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path jar = runnableJar();
        Path target = archive.toAbsolutePath();
        Path dir = Files.createTempDirectory("ams-archive-");
        long started = System.nanoTime();
        Process gateway = null;
        try (AmsSimulator sim = simulator(dir)) {
            BoundPorts simPorts = sim.start();
            int port = freePort();
            int adminPort = freePort();
            Path config = Files.writeString(dir.resolve("gateway.conf"), config(dir, simPorts, port, adminPort));
            Path log = dir.resolve("gateway.log");
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ArchiveClassesAtExit=" + target,
                    "-jar",
                    jar.toString(),
                    "run",
                    "--config",
                    config.toString());
            gateway = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            awaitReady(client, gateway, adminPort, log);
            HttpResponse<String> pay = DemoCommand.pay(client, "http://127.0.0.1:" + port, "archive-");
            if (pay.statusCode() != 200
                    || pay.headers()
                            .firstValue("X-Gateway-Verified-Key-Version")
                            .isEmpty()) {
                throw new IllegalStateException("the recorded start did not return a verified payment (HTTP "
                        + pay.statusCode() + "); its log: " + tail(log));
            }
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (metrics.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered HTTP " + metrics.statusCode());
            }
            gateway.destroy(); // SIGTERM: the gateway drains and exits; the JVM then writes the archive
            if (!gateway.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the recorded start did not stop within " + STOP_TIMEOUT);
            }
            if (gateway.exitValue() != 0 || !Files.isRegularFile(target) || Files.size(target) == 0) {
                throw new IllegalStateException("the recorded start exited with " + gateway.exitValue()
                        + " and no archive at " + target + "; its log: " + tail(log));
            }
            out.printf(
                    "archive recorded: %s (%.1f MiB) from a start of the gateway and one verified call in %.1f s%n",
                    target, Files.size(target) / (1024.0 * 1024.0), (System.nanoTime() - started) / 1e9);
            out.flush();
            return 0;
        } finally {
            if (gateway != null && gateway.isAlive()) {
                gateway.destroyForcibly();
            }
            DemoCommand.deleteQuietly(dir);
        }
    }

    /** The jar this class runs from: the recorded start must run the same one, as the image does. */
    private static Path runnableJar() throws URISyntaxException {
        Path self = Path.of(RecordArchiveCommand.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        if (!Files.isRegularFile(self)) {
            throw new IllegalArgumentException(
                    "record-archive runs from the runnable jar (java -jar ams-gateway.jar), not from " + self);
        }
        return self;
    }

    private static AmsSimulator simulator(Path dir) throws Exception {
        KeyPair merchant = DemoCommand.testMerchantKey(dir);
        return new AmsSimulator(
                DemoCommand.testSimulator(dir, CLIENT_ID, merchant).build());
    }

    /** A production-shaped configuration: one profile, file keys, the simulator as Alipay. */
    static String config(Path dir, BoundPorts sim, int port, int adminPort) {
        return "gateway {\n"
                + "  listener { host = 127.0.0.1, port = " + port + " }\n"
                + "  admin { host = 127.0.0.1, port = " + adminPort + " }\n"
                + "  shutdown.drain-timeout = 5s\n"
                + "  profiles.archive {\n"
                + "    client-id = \"" + CLIENT_ID + "\"\n"
                + "    merchant-private-key-file = \"" + dir.resolve(DemoCommand.MERCHANT_KEY_FILE) + "\"\n"
                + "    alipay-public-keys = [ { version = 1, file = \"" + dir.resolve("alipay-public.pem") + "\" } ]\n"
                + "    upstream { url = \"https://localhost:" + sim.port() + "\", ca-file = \""
                + dir.resolve("simulator-cert.pem") + "\" }\n"
                + "  }\n"
                + "}\n";
    }

    private static void awaitReady(HttpClient client, Process gateway, int adminPort, Path log) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException(
                        "the recorded start exited with " + gateway.exitValue() + "; its log: " + tail(log));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(
                "the recorded start was not ready within " + READY_TIMEOUT + "; its log: " + tail(log));
    }

    /** The last lines of the child's log, for an error message (test keys only; nothing secret). */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
