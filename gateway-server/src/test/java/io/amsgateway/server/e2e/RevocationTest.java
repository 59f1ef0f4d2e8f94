package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.json;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.amsgateway.core.testing.Tinyproxy;
import io.amsgateway.simulator.LeakCheck;
import io.amsgateway.simulator.TlsIdentity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upstream.revocation}: a simulator whose certificate its CA has revoked, with {@code openssl
 * ocsp} as the OCSP responder on loopback (the certificate's AIA names it), all made here with the
 * openssl command line. ({@code openssl ocsp} takes only a port and listens on every interface;
 * the gateway reaches it at 127.0.0.1 only.)
 */
@ExtendWith(LeakCheck.class)
@Timeout(120)
class RevocationTest {
    @TempDir
    static Path pki;

    static int ocspPort;
    static TlsIdentity revoked;
    static TlsIdentity good;
    static TlsIdentity unreachable;
    static Process responder;

    @BeforeAll
    static void makePkiAndStartResponder() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            String why = "/usr/bin/openssl is missing";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        ocspPort = Tinyproxy.freePort();
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=Test OCSP CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(
                pki.resolve("leaf.ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                        + "authorityInfoAccess=OCSP;URI:http://127.0.0.1:" + ocspPort + "\n"
                        + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                        + "extendedKeyUsage=serverAuth\n");
        // A leaf whose responder is down: nothing listens on the port its AIA names.
        Files.writeString(
                pki.resolve("orphan.ext"),
                Files.readString(pki.resolve("leaf.ext"))
                        .replace(":" + ocspPort + "\n", ":" + Tinyproxy.freePort() + "\n"));
        StringBuilder index = new StringBuilder();
        revoked = leaf("revoked", 'R', index, "leaf.ext");
        good = leaf("good", 'V', index, "leaf.ext");
        unreachable = leaf("orphan", 'V', index, "orphan.ext");
        Files.writeString(pki.resolve("index.txt"), index.toString());
        Files.writeString(pki.resolve("index.txt.attr"), "unique_subject = no\n"); // two valid leaves for localhost
        responder = new ProcessBuilder(
                        "openssl",
                        "ocsp",
                        "-index",
                        "index.txt",
                        "-port",
                        Integer.toString(ocspPort),
                        "-rsigner",
                        "ca.pem",
                        "-rkey",
                        "ca.key",
                        "-CA",
                        "ca.pem",
                        "-ignore_err")
                .directory(pki.toFile())
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.contains("waiting for OCSP client connections")) {
            // start-up lines
        }
        assertThat(line).as("openssl ocsp started").isNotNull();
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (java.io.IOException ended) {
                // stopped
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stopResponder() throws Exception {
        if (responder != null) {
            responder.destroy();
            responder.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** A leaf for localhost signed by the CA, listed in {@code index} with {@code status} (R or V). */
    private static TlsIdentity leaf(String name, char status, StringBuilder index, String ext) throws Exception {
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                "/CN=localhost");
        openssl(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                name + ".pem",
                "-days",
                "1",
                "-extfile",
                ext);
        String serial = openssl("x509", "-in", name + ".pem", "-noout", "-serial")
                .trim()
                .substring("serial=".length());
        index.append(status)
                .append("\t301231235959Z\t")
                .append(status == 'R' ? "250101000000Z" : "")
                .append('\t')
                .append(serial)
                .append("\tunknown\t/CN=localhost\n");
        return TlsIdentity.fromPem(
                Files.readString(pki.resolve(name + ".key")),
                Files.readString(pki.resolve(name + ".pem")) + Files.readString(pki.resolve("ca.pem")));
    }

    private static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(pki.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    private static GatewayFixture gateway(Path dir, TlsIdentity identity, String mode, int responderPort)
            throws Exception {
        String hocon = "gateway.profiles.sandbox.upstream { ca-file = \"" + pki.resolve("ca.pem")
                + "\", revocation.mode = " + mode + " }\n";
        if (responderPort != ocspPort) {
            throw new IllegalArgumentException("the leaf names the responder's port");
        }
        return GatewayFixture.start(dir, b -> b.tls(identity), hocon);
    }

    private static HttpResponse<String> call(GatewayFixture g) throws Exception {
        return g.post("/ams/api/v1/payments/pay", pay(id(), "1"));
    }

    @Test
    void aRevokedCertificateIsRefusedInHardAndSoftFailAndNothingIsSent(@TempDir Path a, @TempDir Path b)
            throws Exception {
        for (Path dir : List.of(a, b)) {
            String mode = dir == a ? "hard-fail" : "soft-fail";
            try (GatewayFixture g = gateway(dir, revoked, mode, ocspPort)) {
                HttpResponse<String> r = call(g);
                assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
                assertThat(json(r).at("/result/resultMessage").asText())
                        .as(mode)
                        .contains("the certificate is revoked");
                assertThat(g.sim.state().get("requests").asLong()).isZero();
            }
        }
    }

    @Test
    void aGoodCertificatePassesTheCheck(@TempDir Path dir) throws Exception {
        try (GatewayFixture g = gateway(dir, good, "hard-fail", ocspPort)) {
            HttpResponse<String> r = call(g);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void aResponderThatIsDownIsRefusedInHardFailAndAcceptedInSoftFail(@TempDir Path a, @TempDir Path b)
            throws Exception {
        try (GatewayFixture g = gateway(a, unreachable, "hard-fail", ocspPort)) {
            HttpResponse<String> r = call(g);
            assertGatewayError(r, 502, "GATEWAY_UPSTREAM_CONNECT_FAILED", "F");
            assertThat(json(r).at("/result/resultMessage").asText()).contains("revocation status could not be had");
            assertThat(g.sim.state().get("requests").asLong()).isZero();
        }
        try (GatewayFixture g = gateway(b, unreachable, "soft-fail", ocspPort)) {
            HttpResponse<String> r = call(g);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void withRevocationOffTheRevokedCertificateIsNotChecked(@TempDir Path dir) throws Exception {
        try (GatewayFixture g = gateway(dir, revoked, "off", ocspPort)) {
            assertThat(call(g).statusCode()).isEqualTo(200);
        }
    }
}
