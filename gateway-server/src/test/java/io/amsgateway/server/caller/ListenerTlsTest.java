package io.amsgateway.server.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.amsgateway.server.config.ListenerTlsConfig;
import io.amsgateway.server.config.ListenerTlsConfig.ClientAuth;
import io.amsgateway.server.config.ListenerTlsConfig.Engine;
import io.amsgateway.simulator.LeakCheck;
import io.netty.handler.ssl.OpenSsl;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Real TLS on loopback: a Netty server with {@link ListenerTls}, JDK clients, certificates made here. */
class ListenerTlsTest {
    private static TestPki.Issued serverCa;
    private static TestPki.Issued clientCa;
    private static TestPki.Issued otherCa;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        LeakCheck.install();
        serverCa = TestPki.ca("server CA");
        clientCa = TestPki.ca("caller CA");
        otherCa = TestPki.ca("someone else's CA");
    }

    @AfterAll
    static void noLeaks() throws Exception {
        assertThat(LeakCheck.collectLeaks()).as("Netty buffer leaks").isEmpty();
    }

    private static void assumeEngine(Engine engine) {
        if (engine == Engine.OPENSSL) {
            assumeTrue(OpenSsl.isAvailable(), "OpenSSL (netty-tcnative) loads here");
        }
    }

    private ListenerTlsConfig config(TestPki.Issued server, String keyPem, ClientAuth auth, Engine engine)
            throws IOException {
        Path cert = TestPki.write(dir.resolve("tls.crt"), TestPki.chainPem(server));
        Path key = TestPki.write(dir.resolve("tls.key"), keyPem);
        Path ca = TestPki.write(dir.resolve("ca.crt"), TestPki.pem(clientCa.cert()));
        return new ListenerTlsConfig(
                true,
                Optional.of(cert),
                Optional.of(key),
                auth,
                auth == ClientAuth.NONE ? Optional.empty() : Optional.of(ca),
                engine,
                Duration.ofMillis(50));
    }

    private static CallerIdentifier identifier() {
        return new CallerIdentifier(new BearerTokens(List.of()));
    }

    /** The line the server sent, or what went wrong on the client. */
    private static String attempt(TlsTestServer server, SSLContext ctx) {
        try {
            String line = server.call(ctx);
            return line == null ? "closed" : line;
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"JDK", "OPENSSL"})
    void handshakeSucceedsAndTheCallerIsIdentifiedByItsUriSan(Engine engine) throws Exception {
        assumeEngine(engine);
        TestPki.Issued server = TestPki.server(serverCa);
        TestPki.Issued caller = TestPki.issue(
                TestPki.spec()
                        .cn("checkout")
                        .dns("checkout.shop.svc")
                        .uri("spiffe://cluster.local/ns/shop/sa/checkout"),
                clientCa);
        try (ListenerTls tls =
                        ListenerTls.start(config(server, TestPki.pkcs8(server.key()), ClientAuth.REQUIRE, engine));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            assertThat(tls.engine()).isEqualTo(engine.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(s.call(TestPki.clientContext(serverCa.cert(), caller)))
                    .isEqualTo("spiffe://cluster.local/ns/shop/sa/checkout");
            assertThat(s.nextHandshake().success()).isTrue();
        }
    }

    @Test
    void dnsSanThenCommonNameWhenThereIsNoUriSan() throws Exception {
        TestPki.Issued server = TestPki.server(serverCa);
        TestPki.Issued dns = TestPki.issue(TestPki.spec().cn("checkout").dns("Checkout.Shop.svc"), clientCa);
        TestPki.Issued cn = TestPki.issue(TestPki.spec().cn("reporting"), clientCa);
        try (ListenerTls tls = ListenerTls.start(
                        config(server, TestPki.pkcs8(server.key()), ClientAuth.REQUIRE, Engine.AUTO));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            assertThat(s.call(TestPki.clientContext(serverCa.cert(), dns))).isEqualTo("dns:checkout.shop.svc");
            assertThat(s.call(TestPki.clientContext(serverCa.cert(), cn))).isEqualTo("cn:reporting");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"JDK", "OPENSSL"})
    void anRsaKeyInPkcs1FormServes(Engine engine) throws Exception {
        assumeEngine(engine);
        TestPki.Issued server = TestPki.issue(
                TestPki.spec().rsa().server().cn("gateway").dns("localhost").ip("127.0.0.1"), serverCa);
        String pkcs1 = TestPki.traditional(server.key());
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        try (ListenerTls tls = ListenerTls.start(config(server, pkcs1, ClientAuth.NONE, engine));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            assertThat(s.serial(TestPki.clientContext(serverCa.cert(), null)))
                    .isEqualTo(server.cert().getSerialNumber());
            assertThat(s.nextHandshake().success()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"JDK", "OPENSSL"})
    void requireRefusesACallerWithoutACertificate(Engine engine) throws Exception {
        assumeEngine(engine);
        TestPki.Issued server = TestPki.server(serverCa);
        try (ListenerTls tls =
                        ListenerTls.start(config(server, TestPki.pkcs8(server.key()), ClientAuth.REQUIRE, engine));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            String outcome = attempt(s, TestPki.clientContext(serverCa.cert(), null));
            assertThat(s.nextHandshake().success()).as("server-side handshake").isFalse();
            assertThat(outcome).as("the caller learns nothing").startsWith("failed");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"JDK", "OPENSSL"})
    void aCertificateFromAnotherCaIsRefused(Engine engine) throws Exception {
        assumeEngine(engine);
        TestPki.Issued server = TestPki.server(serverCa);
        TestPki.Issued stranger =
                TestPki.issue(TestPki.spec().uri("spiffe://cluster.local/ns/shop/sa/checkout"), otherCa);
        try (ListenerTls tls =
                        ListenerTls.start(config(server, TestPki.pkcs8(server.key()), ClientAuth.OPTIONAL, engine));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            String outcome = attempt(s, TestPki.clientContext(serverCa.cert(), stranger));
            assertThat(s.nextHandshake().success()).isFalse();
            assertThat(outcome).doesNotContain("spiffe");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"JDK", "OPENSSL"})
    void anExpiredCertificateIsRefused(Engine engine) throws Exception {
        assumeEngine(engine);
        TestPki.Issued server = TestPki.server(serverCa);
        TestPki.Issued expired = TestPki.issue(
                TestPki.spec().uri("spiffe://cluster.local/ns/shop/sa/old").expired(), clientCa);
        TestPki.Issued fresh = TestPki.issue(TestPki.spec().uri("spiffe://cluster.local/ns/shop/sa/new"), clientCa);
        try (ListenerTls tls =
                        ListenerTls.start(config(server, TestPki.pkcs8(server.key()), ClientAuth.REQUIRE, engine));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            String outcome = attempt(s, TestPki.clientContext(serverCa.cert(), expired));
            assertThat(s.nextHandshake().success()).isFalse();
            assertThat(outcome).doesNotContain("spiffe");
            assertThat(s.call(TestPki.clientContext(serverCa.cert(), fresh)))
                    .as("the same CA's valid certificate")
                    .isEqualTo("spiffe://cluster.local/ns/shop/sa/new");
        }
    }

    @Test
    void optionalLetsACallerWithoutACertificateThroughAsAnonymous() throws Exception {
        TestPki.Issued server = TestPki.server(serverCa);
        try (ListenerTls tls = ListenerTls.start(
                        config(server, TestPki.pkcs8(server.key()), ClientAuth.OPTIONAL, Engine.AUTO));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            assertThat(s.call(TestPki.clientContext(serverCa.cert(), null))).isEqualTo("anonymous");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"JDK", "OPENSSL"})
    void tls11IsRefusedWithAProtocolVersionAlert(Engine engine) throws Exception {
        assumeEngine(engine);
        TestPki.Issued server = TestPki.server(serverCa);
        try (ListenerTls tls = ListenerTls.start(config(server, TestPki.pkcs8(server.key()), ClientAuth.NONE, engine));
                TlsTestServer s = new TlsTestServer(tls, identifier());
                Socket raw = new Socket("127.0.0.1", s.port())) {
            raw.setSoTimeout(10_000);
            OutputStream out = raw.getOutputStream();
            out.write(clientHello(0x0302));
            out.flush();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            byte[] record = new byte[7];
            in.readFully(record);
            assertThat(record[0]).as("an alert record").isEqualTo((byte) 0x15);
            assertThat(record[5]).as("fatal").isEqualTo((byte) 2);
            assertThat(record[6]).as("protocol_version (70)").isEqualTo((byte) 70);
            assertThat(s.nextHandshake().success()).isFalse();
            // The same hello offering TLS 1.2 gets a ServerHello: the refusal was about the version.
            try (Socket ok = new Socket("127.0.0.1", s.port())) {
                ok.setSoTimeout(10_000);
                ok.getOutputStream().write(clientHello(0x0303));
                byte[] hello = new byte[6];
                new DataInputStream(ok.getInputStream()).readFully(hello);
                assertThat(hello[0]).as("a handshake record").isEqualTo((byte) 0x16);
                assertThat(hello[5]).as("ServerHello").isEqualTo((byte) 2);
            }
        }
    }

    /** A minimal ClientHello offering at most {@code version}, ECDHE-ECDSA with P-256, no supported_versions. */
    private static byte[] clientHello(int version) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.write(random);
        body.write(0); // session id
        body.write(new byte[] {0, 4, (byte) 0xc0, 0x09, (byte) 0xc0, 0x2b}); // ECDHE_ECDSA AES128 SHA, GCM
        body.write(new byte[] {1, 0}); // no compression
        byte[] ext = {
            0x00,
            0x0a,
            0,
            4,
            0,
            2,
            0,
            0x17, // supported_groups: secp256r1
            0x00,
            0x0b,
            0,
            2,
            1,
            0, // ec_point_formats: uncompressed
            0x00,
            0x0d,
            0,
            4,
            0,
            2,
            0x04,
            0x03 // signature_algorithms: ecdsa_secp256r1_sha256
        };
        body.write(ext.length >> 8);
        body.write(ext.length);
        body.write(ext);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(new byte[] {0x16, 0x03, 0x01, (byte) ((b.length + 4) >> 8), (byte) (b.length + 4)});
        rec.write(new byte[] {1, (byte) (b.length >> 16), (byte) (b.length >> 8), (byte) b.length});
        rec.write(b);
        return rec.toByteArray();
    }

    /**
     * A Kubernetes Secret volume: {@code ..<stamp>/} holds the files, {@code ..data} points at it,
     * and {@code tls.crt}/{@code tls.key} point into {@code ..data}; an update renames a new
     * {@code ..data} over the old one.
     */
    private void secretVolume(String stamp, TestPki.Issued server, String keyPem) throws IOException {
        Path version = Files.createDirectories(dir.resolve(".." + stamp));
        TestPki.write(version.resolve("tls.crt"), TestPki.chainPem(server));
        TestPki.write(version.resolve("tls.key"), keyPem);
        Path tmp = dir.resolve("..data_tmp");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(".." + stamp));
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        if (!Files.exists(dir.resolve("tls.crt"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data/tls.crt"));
            Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data/tls.key"));
        }
    }

    private ListenerTlsConfig secretConfig(Engine engine) {
        return new ListenerTlsConfig(
                true,
                Optional.of(dir.resolve("tls.crt")),
                Optional.of(dir.resolve("tls.key")),
                ClientAuth.NONE,
                Optional.empty(),
                engine,
                Duration.ofMillis(50));
    }

    @ParameterizedTest
    @EnumSource(
            value = Engine.class,
            names = {"JDK", "OPENSSL"})
    void aRotatedCertificateIsServedToNewConnectionsWithoutRestart(Engine engine) throws Exception {
        assumeEngine(engine);
        TestPki.Issued first = TestPki.server(serverCa);
        TestPki.Issued second = TestPki.server(serverCa);
        secretVolume("2026_12_01_1", first, TestPki.pkcs8(first.key()));
        try (ListenerTls tls = ListenerTls.start(secretConfig(engine));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            SSLContext client = TestPki.clientContext(serverCa.cert(), null);
            assertThat(s.serial(client)).isEqualTo(first.cert().getSerialNumber());
            String sec1 = TestPki.traditional(second.key());
            assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
            secretVolume("2026_12_01_2", second, sec1);
            BigInteger want = second.cert().getSerialNumber();
            await(() -> tls.certificate().getSerialNumber().equals(want), "the new certificate is loaded");
            assertThat(s.serial(client)).as("a new connection").isEqualTo(want);
        }
    }

    @Test
    void aBadNewKeyKeepsTheOldCertificateAndLogsOneErrorNamingTheFile() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ListenerTls.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.setContext(logger.getLoggerContext());
        events.start();
        logger.addAppender(events);
        TestPki.Issued first = TestPki.server(serverCa);
        TestPki.Issued second = TestPki.server(serverCa);
        secretVolume("1", first, TestPki.pkcs8(first.key()));
        try (ListenerTls tls = ListenerTls.start(secretConfig(Engine.AUTO));
                TlsTestServer s = new TlsTestServer(tls, identifier())) {
            // The new certificate with the old key: a pair that does not match.
            secretVolume("2", second, TestPki.pkcs8(first.key()));
            long after = tls.checks();
            await(() -> errors(events) > 0, "an ERROR about the bad files");
            await(() -> tls.checks() > after + 6, "several more checks");
            assertThat(errors(events)).as("one ERROR, not one per check").isEqualTo(1);
            String msg = events.list.stream()
                    .filter(e -> e.getLevel() == Level.ERROR)
                    .findFirst()
                    .orElseThrow()
                    .getFormattedMessage();
            assertThat(msg).contains(dir.resolve("tls.key").toString()).doesNotContain("PRIVATE KEY");
            assertThat(s.serial(TestPki.clientContext(serverCa.cert(), null)))
                    .isEqualTo(first.cert().getSerialNumber());
            // Fixed files are picked up again.
            secretVolume("3", second, TestPki.pkcs8(second.key()));
            await(
                    () -> tls.certificate()
                            .getSerialNumber()
                            .equals(second.cert().getSerialNumber()),
                    "fixed files load");
        } finally {
            logger.detachAppender(events);
        }
    }

    private static long errors(ListAppender<ILoggingEvent> events) {
        return events.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
    }

    @Test
    void startFailsNamingTheFileThatCannotBeUsed() throws Exception {
        TestPki.Issued server = TestPki.server(serverCa);
        TestPki.Issued other = TestPki.server(serverCa);
        ListenerTlsConfig garbage = config(server, "not a key\n", ClientAuth.NONE, Engine.JDK);
        assertThatThrownBy(() -> ListenerTls.start(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("tls.key").toString());
        ListenerTlsConfig mismatch = config(server, TestPki.pkcs8(other.key()), ClientAuth.NONE, Engine.JDK);
        assertThatThrownBy(() -> ListenerTls.start(mismatch))
                .hasMessageContaining("does not belong")
                .hasMessageContaining(dir.resolve("tls.key").toString());
        ListenerTlsConfig noCert = config(server, TestPki.pkcs8(server.key()), ClientAuth.NONE, Engine.JDK);
        Files.writeString(noCert.certFile().orElseThrow(), "");
        assertThatThrownBy(() -> ListenerTls.start(noCert))
                .hasMessageContaining(dir.resolve("tls.crt").toString());
        ListenerTlsConfig missingCa = new ListenerTlsConfig(
                true,
                noCert.certFile(),
                noCert.keyFile(),
                ClientAuth.REQUIRE,
                Optional.of(dir.resolve("nope.pem")),
                Engine.JDK,
                Duration.ofSeconds(1));
        Files.writeString(noCert.certFile().orElseThrow(), TestPki.chainPem(server));
        assertThatThrownBy(() -> ListenerTls.start(missingCa)).hasMessageContaining("nope.pem");
        ListenerTlsConfig noCa = new ListenerTlsConfig(
                true,
                noCert.certFile(),
                noCert.keyFile(),
                ClientAuth.OPTIONAL,
                Optional.empty(),
                Engine.JDK,
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> ListenerTls.start(noCa)).hasMessageContaining("client-ca-file is required");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
