package io.amsgateway.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.server.GatewayMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --mtls DIR} as a user runs it: a child JVM serving until stopped, called over real
 * mTLS with the PEM files it wrote (as the README's curl lines do).
 */
class DemoMtlsTest {
    private static final Pattern BASE = Pattern.compile("gateway (https://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    @Test
    void theFullCallerPaysAndTheInquiryCallerMayOnlyInquire() throws Exception {
        Path certs = dir.resolve("certs");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        GatewayMain.class.getName(),
                        "demo",
                        "--mtls",
                        certs.toString(),
                        "--port",
                        "0",
                        "--admin-port",
                        "0")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        List<String> out = new ArrayList<>();
        try {
            String base = awaitServing(p, out);
            for (String f : List.of(
                    "ca.pem",
                    "caller-full.pem",
                    "caller-full-key.pem",
                    "caller-inquiry.pem",
                    "caller-inquiry-key.pem")) {
                assertThat(certs.resolve(f)).exists();
            }
            assertThat(String.join("\n", out))
                    .contains("Self-check: a signed payments/pay through the gateway -> HTTP 200")
                    .contains("--cert " + certs.resolve("caller-full.pem"))
                    .contains("--key " + certs.resolve("caller-inquiry-key.pem"));

            HttpClient full = client(certs, "caller-full");
            HttpClient inquiry = client(certs, "caller-inquiry");
            String id = "demo-test-" + System.nanoTime();
            String pay = "{\"paymentRequestId\":\"" + id + "\",\"productCode\":\"CASHIER_PAYMENT\","
                    + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1000\"},\"order\":{\"referenceOrderId\":\"O-1\","
                    + "\"orderDescription\":\"tea\",\"orderAmount\":{\"currency\":\"USD\",\"value\":\"1000\"}},"
                    + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"}}";
            HttpResponse<String> paid = post(full, base + "/ams/api/v1/payments/pay", pay);
            assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
            assertThat(paid.body()).contains("\"resultStatus\":\"S\"");

            HttpResponse<String> refused = post(inquiry, base + "/ams/api/v1/payments/pay", pay.replace(id, id + "-x"));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body())
                    .contains("GATEWAY_CALLER_FORBIDDEN")
                    .contains("spiffe://ams-gateway.demo/caller/inquiry");

            HttpResponse<String> inquired = post(
                    inquiry, base + "/ams/api/v1/payments/inquiryPayment", "{\"paymentRequestId\":\"" + id + "\"}");
            assertThat(inquired.statusCode()).as(inquired.body()).isEqualTo(200);

            HttpClient anonymous = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(context(certs, null))
                    .build();
            assertThatThrownBy(() -> post(anonymous, base + "/ams/api/v1/payments/pay", pay))
                    .as("no client certificate: the handshake fails")
                    .isInstanceOf(IOException.class);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String awaitServing(Process p, List<String> out) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> base = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                String found = null;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.add(line);
                    }
                    Matcher m = BASE.matcher(line);
                    if (found == null && m.find()) {
                        found = m.group(1);
                    }
                    if (line.startsWith("Serving until Ctrl-C") && found != null) {
                        base.complete(found);
                    }
                }
                base.completeExceptionally(new AssertionError("the demo stopped: " + out));
            } catch (IOException e) {
                base.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return base.get(60, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> post(HttpClient c, String uri, String body)
            throws IOException, InterruptedException {
        return c.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(Path certs, String caller) throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context(certs, caller))
                .build();
    }

    /** A context from the PEM files, as curl --cacert/--cert/--key reads them. */
    private static SSLContext context(Path certs, String caller) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate ca;
        try (var in = Files.newInputStream(certs.resolve("ca.pem"))) {
            ca = (X509Certificate) cf.generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (caller != null) {
            X509Certificate cert;
            try (var in = Files.newInputStream(certs.resolve(caller + ".pem"))) {
                cert = (X509Certificate) cf.generateCertificate(in);
            }
            String pem = Files.readString(certs.resolve(caller + "-key.pem"));
            byte[] der = Base64.getMimeDecoder()
                    .decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            KeyStore mine = KeyStore.getInstance("PKCS12");
            mine.load(null, null);
            mine.setKeyEntry("me", key, new char[0], new X509Certificate[] {cert});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(mine, new char[0]);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
