package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.SelfSignedCertificate;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.SignContent;
import io.amsgateway.core.protocol.SignatureHeader;
import io.amsgateway.simulator.LeakCheck;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Notifications forwarded over TLS to an internal service whose CA is {@code forward-ca-file}. */
@ExtendWith(LeakCheck.class)
class NotificationForwardTlsTest {
    @TempDir
    Path dir;

    @Test
    void theForwardOverTlsTrustsTheConfiguredCaOnly() throws Exception {
        SelfSignedCertificate internalCert = SelfSignedCertificate.generate(
                "internal service", List.of("localhost", "127.0.0.1"), Duration.ofDays(1), true);
        Path ca = Files.writeString(dir.resolve("internal-ca.pem"), internalCert.certificatePem());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", internalCert.privateKey(), new char[0], new Certificate[] {internalCert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        HttpsServer internal = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        internal.setHttpsConfigurator(new HttpsConfigurator(server));
        List<String> got = new CopyOnWriteArrayList<>();
        internal.createContext("/", ex -> {
            got.add(ex.getProtocol() + " " + ex.getRequestHeaders().getFirst("signature") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        internal.start();
        KeyPair alipay = GatewayFixture.rsa();
        String forward = "gateway.notifications { enabled = true, forward-url = \"https://localhost:"
                + internal.getAddress().getPort() + "/in\"";
        try (GatewayFixture trusting = GatewayFixture.start(
                        Files.createDirectories(dir.resolve("a")),
                        b -> b.alipayPrivateKey(alipay.getPrivate()),
                        forward + ", forward-ca-file = \"" + ca + "\" }");
                GatewayFixture jvmTrust = GatewayFixture.start(
                        Files.createDirectories(dir.resolve("b")),
                        b -> b.alipayPrivateKey(alipay.getPrivate()),
                        forward + " }")) {
            String body = "{\"notifyType\":\"PAYMENT_RESULT\",\"paymentId\":\"p-" + System.nanoTime() + "\"}";
            HttpResponse<String> ok = notify(trusting, alipay, body);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(got).hasSize(1);
            assertThat(got.get(0))
                    .startsWith("HTTP/1.1 algorithm=RSA256,keyVersion=1,signature=")
                    .endsWith(body);

            HttpResponse<String> refused = notify(jvmTrust, alipay, body);
            ProxyEndToEndTest.assertGatewayError(refused, 502, "GATEWAY_NOTIFICATION_NOT_DELIVERED", "U");
            assertThat(got)
                    .as("the JVM's trust store does not know the internal CA")
                    .hasSize(1);
        } finally {
            internal.stop(0);
        }
    }

    private static HttpResponse<String> notify(GatewayFixture g, KeyPair alipay, String body) throws Exception {
        String path = "/alipay/notify/payment";
        String time = Long.toString(System.currentTimeMillis());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] sig = JcaSigner.create(
                        GatewayFixture.CLIENT_ID,
                        1,
                        SignatureAlgorithm.RSA256,
                        alipay.getPrivate(),
                        CryptoProvider.jdk())
                .signNow(SignContent.build("POST", path, GatewayFixture.CLIENT_ID, time, bytes));
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(g.uri(path))
                                .timeout(Duration.ofSeconds(20))
                                .header("Content-Type", "application/json; charset=UTF-8")
                                .header("client-id", GatewayFixture.CLIENT_ID)
                                .header("request-time", time)
                                .header("signature", SignatureHeader.format(SignatureAlgorithm.RSA256, 1, sig))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
