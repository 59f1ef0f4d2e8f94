package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.amsgateway.core.crypto.NativePlatform;
import io.amsgateway.core.crypto.SelfSignedCertificate;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.BoundPorts;
import io.amsgateway.simulator.MerchantPublicKey;
import io.amsgateway.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as the image runs it: the chart's command line with {@code run}, in its own JVM,
 * in front of the AMS simulator. It picks its native libraries for the architecture it runs on,
 * falls back to the JDK provider and NIO when they do not load (here: told it is on aarch64, it
 * tries the aarch64 libraries, which cannot load on this x86-64 machine), says so in its start-up
 * log and metrics, and still signs. {@code run} starts no simulator. The User-Agent it sends to
 * Alipay names the project version.
 */
class RunnableJarTest {
    static final String CLIENT = "SANDBOX_5Y00000000000031";
    static final String UA_CLIENT = "SANDBOX_5Y00000000000032";
    static final Pattern LISTENING =
            Pattern.compile("gateway listening on /?[0-9.]+:(\\d+), admin on /?[0-9.]+:(\\d+) \\(([^)]*)\\)");

    @TempDir
    Path dir;

    AmsSimulator sim;
    HttpsServer alipayStandIn;
    final List<String> userAgents = new CopyOnWriteArrayList<>();
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void upstreams() throws Exception {
        KeyPair merchant = TestKeys.rsa();
        sim = new AmsSimulator(SimulatorConfig.builder()
                .port(0)
                .controlPort(-1)
                .certificateOut(dir.resolve("sim-cert.pem"))
                .alipayPublicKeyOut(dir.resolve("alipay-public.pem"))
                .merchant(new MerchantPublicKey(CLIENT, 1, merchant.getPublic()))
                .merchant(new MerchantPublicKey(UA_CLIENT, 1, merchant.getPublic()))
                .build());
        BoundPorts ports = sim.start();
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant));
        Files.copy(dir.resolve("alipay-public.pem"), keys.resolve("alipay-public-key-v1.pem"));

        // A stand-in for Alipay that only records the User-Agent (and answers something unsigned).
        SelfSignedCertificate cert =
                SelfSignedCertificate.generate("localhost", List.of("localhost"), Duration.ofHours(1), false);
        Files.writeString(dir.resolve("ua-cert.pem"), cert.certificatePem());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tls", cert.privateKey(), new char[0], new Certificate[] {cert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        alipayStandIn = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        alipayStandIn.setHttpsConfigurator(new HttpsConfigurator(tls));
        alipayStandIn.createContext("/", exchange -> {
            userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        alipayStandIn.start();

        String conf = "gateway {\n"
                + "  listener { host = 127.0.0.1, port = 0 }\n"
                + "  admin { host = 127.0.0.1, port = 0 }\n"
                + "  shutdown.drain-timeout = 1s\n"
                + "  profiles {\n"
                + "    sim { client-id = \"" + CLIENT + "\", key-source { type = file, dir = \"" + keys + "\" },"
                + " upstream { url = \"https://localhost:" + ports.port() + "\", ca-file = \""
                + dir.resolve("sim-cert.pem") + "\" } }\n"
                + "    ua { client-id = \"" + UA_CLIENT + "\", key-source { type = file, dir = \"" + keys + "\" },"
                + " upstream { url = \"https://localhost:"
                + alipayStandIn.getAddress().getPort()
                + "\", ca-file = \"" + dir.resolve("ua-cert.pem") + "\", response-timeout = 2s } }\n"
                + "  }\n}\n";
        Files.writeString(dir.resolve("gateway.conf"), conf);
    }

    @AfterEach
    void stopUpstreams() {
        if (alipayStandIn != null) {
            alipayStandIn.stop(0);
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void onThisMachineTheJarLoadsItsOwnNativeLibraries() throws Exception {
        assumeTrue(NativePlatform.current().equals("linux-x86_64"), "CI and developers run linux-x86_64");
        try (RunningJar gw = startJar(List.of())) {
            assertThat(gw.startLine).contains("linux-x86_64: epoll transport").contains("crypto accp");
            assertThat(gw.metrics())
                    .contains("gateway_crypto_provider_info{provider=\"accp\"} 1")
                    .contains("gateway_transport_info{transport=\"epoll\"} 1");
            assertThat(gw.output())
                    .as("ACCP came from the jar's embedded linux-x86_64 copy")
                    .contains("crypto provider for auto on linux-x86_64: accp (RSA: AmazonCorrettoCryptoProvider");
            assertThat(gw.pay(CLIENT, "RJ-1")).as("a payment signed by ACCP").contains("\"resultStatus\":\"S\"");

            gw.pay(UA_CLIENT, "RJ-UA");
            assertThat(userAgents)
                    .as("the User-Agent sent to Alipay names the project version")
                    .containsExactly("ams-gateway/" + Repo.projectVersion());

            assertThat(gw.listeningPorts())
                    .as("run binds the listener and the admin port, and no simulator")
                    .containsExactlyInAnyOrder(gw.port, gw.adminPort);
            assertThat(gw.output()).as("run never starts the simulator").doesNotContain("AMS simulator listening");
        }
    }

    @Test
    void whereNeitherNativeLibraryLoadsItFallsBackToTheJdkAndNioAndStillSigns() throws Exception {
        assumeTrue(NativePlatform.current().equals("linux-x86_64"), "aarch64 libraries must fail to load here");
        try (RunningJar gw = startJar(List.of("-Dos.arch=aarch64"))) {
            assertThat(gw.startLine).contains("linux-aarch_64: nio transport").contains("crypto jdk");
            assertThat(gw.metrics())
                    .contains("gateway_crypto_provider_info{provider=\"jdk\"} 1")
                    .contains("gateway_transport_info{transport=\"nio\"} 1");
            assertThat(gw.output())
                    .as("both fallbacks are warnings naming the library that was tried")
                    .containsPattern(
                            "WARN .*Amazon Corretto Crypto Provider \\(embedded linux-aarch_64\\) did not load")
                    .containsPattern("WARN .*epoll transport unavailable on linux-aarch_64: .*aarch_64")
                    .doesNotContain("Exception in thread");
            assertThat(gw.pay(CLIENT, "RJ-2")).as("signed by the JDK").contains("\"resultStatus\":\"S\"");
        }
    }

    /** Starts the jar with the chart's command line plus {@code jvmFlags}; returns once it listens. */
    RunningJar startJar(List<String> jvmFlags) throws Exception {
        List<String> command = new ArrayList<>(ContainerCommand.localized(
                HelmChart.render(ValuesProfile.STANDALONE).gateway().getCommand()));
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add("-Dams.log.format=text");
        command.addAll(1, flags);
        command.addAll(List.of("run", "--config", dir.resolve("gateway.conf").toString()));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        RunningJar jar = new RunningJar(p);
        Thread reader = new Thread(() -> jar.drain(p.getInputStream()), "gateway-output");
        reader.setDaemon(true);
        reader.start();
        try {
            jar.awaitStart();
        } catch (AssertionError | InterruptedException e) {
            jar.close();
            throw e;
        }
        return jar;
    }

    /** The jar started with the chart's command line plus {@code jvmFlags}, until closed. */
    final class RunningJar implements AutoCloseable {
        final Process process;
        final StringBuffer out = new StringBuffer();
        String startLine = "";
        int port;
        int adminPort;

        private RunningJar(Process process) {
            this.process = process;
        }

        private void drain(InputStream in) {
            try {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                out.append("\n[output closed: ").append(e).append("]\n");
            }
        }

        private void awaitStart() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(out);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    adminPort = Integer.parseInt(m.group(2));
                    startLine = m.group(0);
                    return;
                }
                assertThat(process.isAlive())
                        .as("the gateway exited before listening:\n%s", out)
                        .isTrue();
                Thread.sleep(50);
            }
            throw new AssertionError("no start-up line within 60 s:\n" + out);
        }

        String output() {
            return out.toString();
        }

        String metrics() throws Exception {
            return client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }

        String pay(String clientId, String requestId) throws Exception {
            String body = "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentRequestId\":\"" + requestId + "\","
                    + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"10\"},"
                    + "\"order\":{\"referenceOrderId\":\"O-" + requestId + "\",\"orderDescription\":\"x\","
                    + "\"orderAmount\":{\"currency\":\"USD\",\"value\":\"10\"}},"
                    + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},"
                    + "\"paymentRedirectUrl\":\"https://e.com/r\"}";
            return client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ams/api/v1/payments/pay"))
                                    .timeout(Duration.ofSeconds(20))
                                    .header("Content-Type", "application/json")
                                    .header("Client-Id", clientId)
                                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }

        /** The TCP ports this process listens on (Linux: its socket inodes in /proc/net/tcp{,6}). */
        Set<Integer> listeningPorts() throws IOException {
            Set<String> inodes = new HashSet<>();
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
                fds.forEach(fd -> {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                });
            }
            Set<Integer> ports = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path t = Path.of(table);
                if (!Files.exists(t)) {
                    continue;
                }
                for (String line :
                        Files.readAllLines(t).subList(1, Files.readAllLines(t).size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f[3].equals("0A") && inodes.contains(f[9])) {
                        String local = f[1];
                        ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                    }
                }
            }
            return ports;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("the gateway did not stop within 20 s of SIGTERM:\n" + out);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
