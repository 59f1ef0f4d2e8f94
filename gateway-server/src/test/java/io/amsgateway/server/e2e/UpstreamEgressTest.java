package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.json;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.testing.Tinyproxy;
import io.amsgateway.simulator.LeakCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The egress path: one set-up deadline with the true reason of each failure, and Alipay reached
 * through a real forward proxy (Debian's tinyproxy, started here on an ephemeral loopback port).
 */
@ExtendWith(LeakCheck.class)
@Timeout(120)
class UpstreamEgressTest {
    @TempDir
    Path dir;

    private static String upstream(String key, String value) {
        return "gateway.profiles.sandbox.upstream." + key + " = " + value + "\n";
    }

    private static long requests(GatewayFixture g) {
        return g.sim.state().get("requests").asLong();
    }

    @Test
    void aSilentUpstreamIsAnsweredAtTheConnectTimeoutNamingTheHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepts and never answers
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (GatewayFixture g = GatewayFixture.start(
                    dir,
                    b -> {},
                    upstream("url", "\"https://127.0.0.1:" + silent.getLocalPort() + "\"")
                            + upstream("connect-timeout", "500ms"))) {
                long start = System.nanoTime();
                HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "1"));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
                assertThat(json(r).at("/result/resultMessage").asText())
                        .contains("TLS handshake with 127.0.0.1:" + silent.getLocalPort()
                                + " did not complete within 500 ms")
                        .doesNotContain("certificate");
                assertThat(ms)
                        .as("two attempts (connect-retries = 1) of 500 ms each, not Netty's 10 s handshake default")
                        .isBetween(950L, 2500L);
                assertThat(held).as("both attempts connected").hasSizeGreaterThanOrEqualTo(2);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aProxyThatNeverAnswersConnectIsNamedAtTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // takes the CONNECT and never answers
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (GatewayFixture g = GatewayFixture.start(
                    dir,
                    b -> {},
                    upstream("proxy.url", "\"http://127.0.0.1:" + silent.getLocalPort() + "\"")
                            + upstream("connect-timeout", "400ms")
                            + upstream("connect-retries", "0"))) {
                long start = System.nanoTime();
                HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "1"));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
                assertThat(json(r).at("/result/resultMessage").asText())
                        .contains("the proxy 127.0.0.1:" + silent.getLocalPort()
                                + " did not open the tunnel to localhost:" + g.simPorts.port() + " within 400 ms");
                assertThat(ms)
                        .as("one attempt of 400 ms, not the proxy handler's 10 s default")
                        .isBetween(380L, 1500L);
                assertThat(requests(g)).isZero();
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anUntrustedCertificateIsNamedAsSuch(@TempDir Path other) throws Exception {
        try (GatewayFixture foreign = GatewayFixture.start(other)) {
            Path foreignCert = other.resolve("sim-cert.pem");
            try (GatewayFixture g =
                    GatewayFixture.start(dir, b -> {}, upstream("ca-file", "\"" + foreignCert + "\""))) {
                long start = System.nanoTime();
                HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "1"));
                assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
                assertThat(json(r).at("/result/resultMessage").asText())
                        .contains("TLS handshake with localhost failed: the certificate is not trusted");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isLessThan(1500L);
                assertThat(requests(g)).as("nothing reached the simulator").isZero();
            }
        }
    }

    @Test
    void callsGoThroughTinyproxyAndVerify() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, List.of());
                GatewayFixture g =
                        GatewayFixture.start(dir, b -> {}, upstream("proxy.url", "\"" + proxy.url() + "\""))) {
            HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "100"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Gateway-Verified-Key-Version")).hasValue("1");
            assertThat(proxy.log()).contains("CONNECT localhost:" + g.simPorts.port());
        }
    }

    @Test
    void tinyproxysBasicAuthTakesThePasswordFromAFile() throws Exception {
        Path good = Files.writeString(dir.resolve("proxy-password"), "t1ny-pass\n");
        Path bad = Files.writeString(dir.resolve("wrong-password"), "not-it\n");
        try (Tinyproxy proxy = Tinyproxy.start(dir, List.of("BasicAuth gw t1ny-pass"))) {
            String base = upstream("proxy.url", "\"" + proxy.url() + "\"") + upstream("proxy.username", "gw");
            try (GatewayFixture g =
                    GatewayFixture.start(dir, b -> {}, base + upstream("proxy.password-file", "\"" + good + "\""))) {
                HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "100"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            Path other = Files.createDirectories(dir.resolve("wrong"));
            try (GatewayFixture g =
                    GatewayFixture.start(other, b -> {}, base + upstream("proxy.password-file", "\"" + bad + "\""))) {
                HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "100"));
                assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
                assertThat(json(r).at("/result/resultMessage").asText())
                        .contains("refused the credentials (HTTP 407)")
                        .doesNotContain("not-it")
                        .doesNotContain("t1ny-pass");
                assertThat(requests(g)).isZero();
            }
        }
    }

    @Test
    void aProxyThatRefusesTheTunnelIsCertainlyNotExecuted() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, List.of("ConnectPort 9"));
                GatewayFixture g =
                        GatewayFixture.start(dir, b -> {}, upstream("proxy.url", "\"" + proxy.url() + "\""))) {
            HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "100"));
            assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
            assertThat(json(r).at("/result/resultMessage").asText())
                    .contains("the proxy 127.0.0.1:" + proxy.port() + " refused the tunnel to localhost:"
                            + g.simPorts.port() + " (HTTP 403)");
            assertThat(requests(g)).as("nothing sent").isZero();
            assertThat(ProxyOperationsTest.admin(g, "/metrics").body())
                    .as("each attempt (connect-retries = 1) counted under its reason")
                    .contains(
                            "gateway_upstream_connect_failures_total{profile=\"sandbox\",reason=\"proxy_refused\"} 2");
        }
    }

    @Test
    void aProxyThatIsDownIsCertainlyNotExecuted() throws Exception {
        int down = Tinyproxy.freePort();
        try (GatewayFixture g =
                GatewayFixture.start(dir, b -> {}, upstream("proxy.url", "\"http://127.0.0.1:" + down + "\""))) {
            HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay(id(), "100"));
            assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
            assertThat(json(r).at("/result/resultMessage").asText())
                    .contains("cannot connect to the proxy 127.0.0.1:" + down + ": connection refused");
            assertThat(requests(g)).as("nothing sent").isZero();
        }
    }

    @Test
    void aTunnelDroppedAfterTheRequestIsUnknownOutcomeAndNotRetried() throws Exception {
        // tinyproxy cannot be told to drop a tunnel mid-exchange: a tiny CONNECT proxy in the test
        // relays the TLS bytes and closes both sides once the simulator counted the request.
        try (DroppingProxy proxy = new DroppingProxy();
                GatewayFixture g = GatewayFixture.start(
                        dir, b -> {}, upstream("proxy.url", "\"http://127.0.0.1:" + proxy.port() + "\""))) {
            proxy.dropWhen(() -> requests(g));
            HttpResponse<String> r = g.post("/ams/api/v1/payments/pay", pay("FAULT_DELAY_1500_" + id(), "100"));
            assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECTION_LOST", "U");
            assertThat(requests(g)).as("written once, never retried").isEqualTo(1);
        }
    }

    /** A CONNECT proxy that relays one tunnel and closes it once {@code counter} passes zero. */
    private static final class DroppingProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile LongSupplier counter = () -> 0;

        DroppingProxy() throws IOException {
            Thread t = new Thread(this::serve, "dropping-proxy");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void dropWhen(LongSupplier counter) {
            this.counter = counter;
        }

        private void serve() {
            try {
                while (true) {
                    Socket client = server.accept();
                    sockets.add(client);
                    String head = readHead(client.getInputStream());
                    String target = head.split(" ")[1];
                    int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port);
                    sockets.add(upstream);
                    client.getOutputStream()
                            .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    relay(client.getInputStream(), upstream.getOutputStream());
                    relay(upstream.getInputStream(), client.getOutputStream());
                    Thread watcher = new Thread(() -> {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        try {
                            while (counter.getAsLong() == 0 && System.nanoTime() < deadline) {
                                Thread.sleep(5); // polls the simulator's count
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        closeQuietly(client);
                        closeQuietly(upstream);
                    });
                    watcher.setDaemon(true);
                    watcher.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed before the CONNECT head");
                }
                b.write(c);
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        private static void relay(InputStream in, OutputStream out) {
            Thread t = new Thread(() -> {
                try {
                    in.transferTo(out);
                } catch (IOException closed) {
                    // dropped
                }
            });
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                closeQuietly(s);
            }
        }
    }
}
