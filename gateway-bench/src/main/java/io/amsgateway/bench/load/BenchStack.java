package io.amsgateway.bench.load;

import io.amsgateway.core.crypto.PemKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The system under test, as two child JVMs started from {@code ams-gateway.jar}: the AMS
 * simulator (HTTPS, a generated certificate and Alipay key) and the gateway (profile {@code
 * sandbox}, trusting only the simulator's certificate, access log off), both on 127.0.0.1, with a
 * freshly generated merchant key. Each child's pid is appended to a pid file so that {@code
 * run-load.sh} can end them even if this JVM is killed. {@link #close} ends both.
 */
final class BenchStack implements AutoCloseable {
    static final String CLIENT_ID = "SANDBOX_5YLOAD000000001";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final BenchProcess simulator;
    final BenchProcess gateway;
    final int simulatorPort;
    final int gatewayPort;
    final AdminClient admin;
    final PrivateKey merchantKey;
    final PublicKey alipayKey;
    final Path simulatorCertificate;
    /** From just before the gateway's process was started to its first 200 from {@code /readyz}. */
    final Duration gatewayReady;

    private BenchStack(
            BenchProcess simulator,
            BenchProcess gateway,
            int simulatorPort,
            int gatewayPort,
            AdminClient admin,
            PrivateKey merchantKey,
            PublicKey alipayKey,
            Path simulatorCertificate,
            Duration gatewayReady) {
        this.gatewayReady = gatewayReady;
        this.simulator = simulator;
        this.gateway = gateway;
        this.simulatorPort = simulatorPort;
        this.gatewayPort = gatewayPort;
        this.admin = admin;
        this.merchantKey = merchantKey;
        this.alipayKey = alipayKey;
        this.simulatorCertificate = simulatorCertificate;
    }

    /** Starts with the profile's keys in files, read by the {@code file} key source. */
    static BenchStack start(String java, Path jar, Path work, Path logs, Path pidFile)
            throws IOException, GeneralSecurityException, InterruptedException {
        return start(java, jar, work, logs, pidFile, BenchKeys.FILE);
    }

    /**
     * Starts the simulator, then the gateway, and waits until the gateway is ready.
     *
     * @param work a private directory for keys, certificate and configuration
     * @param logs where the children's output goes ({@code simulator.log}, {@code gateway.log})
     * @param keys where the gateway's profile takes its keys from
     */
    static BenchStack start(String java, Path jar, Path work, Path logs, Path pidFile, BenchKeys keys)
            throws IOException, GeneralSecurityException, InterruptedException {
        return start(java, jar, work, logs, pidFile, keys, List.of());
    }

    /**
     * As {@link #start(String, Path, Path, Path, Path, BenchKeys)}, with JVM options for the
     * gateway alone (e.g. the chart's heap settings, or {@code -XX:ActiveProcessorCount=1}, which
     * sets its number of event loops), placed after those of {@code AMS_BENCH_GATEWAY_JVM_OPTS} so
     * that they win where both set the same flag.
     */
    static BenchStack start(
            String java, Path jar, Path work, Path logs, Path pidFile, BenchKeys keys, List<String> gatewayJvmOpts)
            throws IOException, GeneralSecurityException, InterruptedException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair merchant = g.generateKeyPair();
        Path merchantKeyFile = Files.writeString(
                work.resolve("merchant-private.b64"),
                Base64.getEncoder().encodeToString(merchant.getPrivate().getEncoded()));
        Path cert = work.resolve("sim-cert.pem");
        Path alipayPub = work.resolve("alipay-public.pem");
        int simPort = freePort();
        int gwPort = freePort();
        int adminPort = freePort();

        List<String> simCmd = new ArrayList<>(List.of(java, "-Dams.log.level=WARN", "-jar", jar.toString()));
        simCmd.addAll(List.of(
                "simulator",
                "--port",
                Integer.toString(simPort),
                "--control-port",
                "-1",
                "--cert-out",
                cert.toString(),
                "--alipay-public-key-out",
                alipayPub.toString(),
                "--crypto-provider",
                "auto",
                "--merchant",
                CLIENT_ID + "=1:base64:"
                        + Base64.getEncoder()
                                .encodeToString(merchant.getPublic().getEncoded())));
        BenchProcess sim = BenchProcess.start("simulator", simCmd, logs.resolve("simulator.log"));
        recordPid(pidFile, sim);
        BenchProcess gw = null;
        try {
            awaitLine(sim, "AMS simulator listening");
            Path conf = Files.writeString(
                    work.resolve("gateway.conf"),
                    gatewayConfig(gwPort, adminPort, simPort, cert)
                            + keys.hocon(work, merchant, merchantKeyFile, alipayPub));
            List<String> gwCmd = new ArrayList<>(List.of(java, "-Dams.access.log.level=OFF", "-Dams.log.level=INFO"));
            // Extra JVM options for the gateway alone, e.g. a JFR recording to profile it:
            // AMS_BENCH_GATEWAY_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/gateway.jfr,settings=profile"
            String extra = System.getenv("AMS_BENCH_GATEWAY_JVM_OPTS");
            if (extra != null && !extra.isBlank()) {
                gwCmd.addAll(List.of(extra.trim().split("\\s+")));
            }
            gwCmd.addAll(gatewayJvmOpts);
            gwCmd.addAll(List.of("-jar", jar.toString(), "run", "--config", conf.toString()));
            gw = BenchProcess.start("gateway", gwCmd, logs.resolve("gateway.log"));
            recordPid(pidFile, gw);
            AdminClient admin = new AdminClient(adminPort);
            long ready = admin.awaitReady(gw, START_TIMEOUT);
            PublicKey alipay = PemKeys.publicKey(Files.readString(alipayPub, StandardCharsets.US_ASCII));
            return new BenchStack(
                    sim,
                    gw,
                    simPort,
                    gwPort,
                    admin,
                    merchant.getPrivate(),
                    alipay,
                    cert,
                    Duration.ofNanos(ready - gw.startNanos()));
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (gw != null) {
                gw.close();
            }
            sim.close();
            throw e;
        }
    }

    /** The gateway's configuration but for the profile's keys (see {@link BenchKeys}). */
    static String gatewayConfig(int port, int adminPort, int simPort, Path cert) {
        return "gateway {\n"
                + "  crypto.provider = auto\n"
                + "  listener { host = 127.0.0.1, port = " + port + " }\n"
                + "  admin { host = 127.0.0.1, port = " + adminPort + " }\n"
                + "  shutdown.drain-timeout = 2s\n"
                + "  profiles.sandbox {\n"
                + "    client-id = \"" + CLIENT_ID + "\"\n"
                + "    upstream { url = \"https://127.0.0.1:" + simPort + "\", ca-file = \"" + cert + "\" }\n"
                + "  }\n"
                + "}\n";
    }

    private static void awaitLine(BenchProcess p, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            p.checkAlive();
            if (Files.exists(p.log())
                    && Files.readString(p.log(), StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(p.name() + " did not start within " + START_TIMEOUT + "; see " + p.log());
    }

    static void recordPid(Path pidFile, BenchProcess p) throws IOException {
        Files.writeString(pidFile, p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A port that was free on 127.0.0.1 a moment ago (the child binds it next). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            simulator.close();
        }
    }
}
