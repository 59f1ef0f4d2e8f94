package io.amsgateway.simulator;

import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.JcaVerifier;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.crypto.VerifierSet;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.RequestSigning;
import io.amsgateway.core.protocol.SignedHeaders;
import io.amsgateway.core.protocol.VerifiedMessage;
import io.amsgateway.core.testing.Vectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A started simulator plus a JDK HttpClient that trusts only its generated certificate (read back
 * from the PEM file the simulator wrote), and merchant signers from the interop vectors.
 */
final class SimFixture implements AutoCloseable {
    static final String CLIENT = "TEST_5X00000000000000";
    static final String SANDBOX_CLIENT = "SANDBOX_5X00000000000000";
    static final String PAY = "/ams/api/v1/payments/pay";
    static final CryptoProvider PROVIDER = CryptoProvider.jdk();

    final AmsSimulator simulator;
    final BoundPorts ports;
    final HttpClient http;
    final VerifierSet alipayKeys;

    private SimFixture(AmsSimulator simulator, BoundPorts ports, HttpClient http) {
        this.simulator = simulator;
        this.ports = ports;
        this.http = http;
        this.alipayKeys = VerifierSet.of(JcaVerifier.create(
                simulator.alipayKeyVersion(), SignatureAlgorithm.RSA256, simulator.alipayPublicKey(), PROVIDER));
    }

    /** TEST_ client: v1 = merchant-1, v2 = merchant-2; SANDBOX_ client: v1 = merchant-1. */
    static SimFixture start(Path dir) throws Exception {
        return start(dir, b -> b.merchant(new MerchantPublicKey(CLIENT, 1, Vectors.publicKey("merchant-1")))
                .merchant(new MerchantPublicKey(CLIENT, 2, Vectors.publicKey("merchant-2")))
                .merchant(new MerchantPublicKey(SANDBOX_CLIENT, 1, Vectors.publicKey("merchant-1"))));
    }

    static SimFixture start(Path dir, Consumer<SimulatorConfig.Builder> merchants) throws Exception {
        Path cert = dir.resolve("sim-cert.pem");
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .alipayPrivateKey(Vectors.privateKey("alipay-1"))
                .certificateOut(cert)
                .cryptoProvider(PROVIDER)
                .notifyScheduleScale(0.001)
                .maxBodyBytes(128 * 1024)
                .ioThreads(2);
        merchants.accept(b);
        AmsSimulator sim = new AmsSimulator(b.build());
        BoundPorts ports = sim.start();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(Files.readString(cert)))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new SimFixture(sim, ports, http);
    }

    static SSLContext trusting(String pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            ks.setCertificateEntry("sim-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static JcaSigner signer(String keyId, String clientId, int keyVersion) {
        return JcaSigner.create(clientId, keyVersion, SignatureAlgorithm.RSA256, Vectors.privateKey(keyId), PROVIDER);
    }

    /** Sends raw: method, target and headers exactly as given. */
    Exchange send(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(ports.baseUri() + target))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        long start = System.nanoTime();
        HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Exchange(res.statusCode(), res.headers(), res.body(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The headers of a request signed by {@code signer} as the Java SDK sends them. */
    static Map<String, String> signedHeaders(JcaSigner signer, String method, String target, byte[] body) {
        String time = Long.toString(System.currentTimeMillis());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=UTF-8");
        h.put("Client-Id", signer.clientId());
        h.put("Request-Time", time);
        h.put(
                "Signature",
                RequestSigning.signatureHeader(signer, signer.clientId(), method, target, time, body)
                        .toCompletableFuture()
                        .join());
        return h;
    }

    /** POSTs a body signed by merchant-1 for the TEST_ client, key version 1. */
    Exchange post(String target, String json) throws IOException, InterruptedException {
        return post(signer("merchant-1", CLIENT, 1), target, json);
    }

    Exchange post(JcaSigner signer, String target, String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send("POST", target, signedHeaders(signer, "POST", target, body), body);
    }

    /** Verifies the response's signature with gateway-core's strict verifier; throws if it fails. */
    VerifiedMessage verify(Exchange ex, String target, String clientId) {
        return MessageVerifier.verify(
                "POST",
                target,
                clientId,
                new SignedHeaders(ex.header("client-id"), ex.header("response-time"), ex.header("signature")),
                ex.body(),
                alipayKeys);
    }

    @Override
    public void close() {
        simulator.close();
    }
}
