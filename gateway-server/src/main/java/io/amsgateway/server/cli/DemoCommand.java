package io.amsgateway.server.cli;

import com.typesafe.config.ConfigFactory;
import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.BoundPorts;
import io.amsgateway.simulator.MerchantPublicKey;
import io.amsgateway.simulator.SimulatorConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The embedded default: the local AMS simulator and the gateway in one process, with freshly
 * generated test keys, no credentials and no network. It proves itself with one verified payment,
 * prints a {@code curl} to try, and runs until interrupted (then drains).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the gateway in front of a local AMS simulator with generated test keys.")
public final class DemoCommand implements Callable<Integer> {
    static final String CLIENT_ID = "SANDBOX_5YDEMO0000000000";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Gateway port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--admin-port",
            defaultValue = "9901",
            description = "Admin port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(
            names = "--auth",
            defaultValue = "rsa-signature",
            description = "How the demo profile authenticates: rsa-signature or api-key (a TEST API key generated"
                    + " now; answers are then unverified, X-Gateway-Verified: none). Default: ${DEFAULT-VALUE}.")
    String auth;

    @Option(names = "--check-only", description = "Stop after the self-check instead of serving until interrupted.")
    boolean checkOnly;

    @Option(
            names = "--mtls",
            paramLabel = "DIR",
            description = "Serve over TLS with client certificates (mTLS) and caller rules: writes a test CA, the"
                    + " server's certificate and two callers' (caller-full: every API; caller-inquiry: only"
                    + " payments/inquiry*) into DIR, as PEM.")
    Path mtls;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("ams-demo-");
        AmsSimulator sim = null;
        GatewayServer gateway = null;
        try {
            KeyPair merchant = testMerchantKey(dir);
            Path merchantKey = dir.resolve(MERCHANT_KEY_FILE);
            boolean apiKey =
                    io.amsgateway.server.config.AuthMode.parse(auth) == io.amsgateway.server.config.AuthMode.API_KEY;
            String key = "isak_TEST_"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(CLIENT_ID.getBytes(StandardCharsets.UTF_8))
                    + "_" + java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
            Path apiKeyFile = Files.writeString(dir.resolve("api-key"), key + "\n");
            sim = new AmsSimulator(
                    testSimulator(dir, CLIENT_ID, merchant).apiKey(key).build());
            BoundPorts simPorts = sim.start();
            DemoPki pki = null;
            if (mtls != null) {
                mtls = mtls.toAbsolutePath();
                pki = DemoPki.generate();
                pki.write(mtls);
            }
            gateway = GatewayServer.start(config(dir, apiKey ? null : merchantKey, apiKeyFile, simPorts), c -> {});
            String scheme = pki == null ? "http" : "https";
            String payBody = "'{\"paymentRequestId\":\"demo-'$RANDOM'\",\"productCode\":\"CASHIER_PAYMENT\","
                    + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1000\"},"
                    + "\"order\":{\"referenceOrderId\":\"ORDER-1\",\"orderDescription\":\"Cappuccino\","
                    + "\"orderAmount\":{\"currency\":\"USD\",\"value\":\"1000\"}},"
                    + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"}}'";
            String base = scheme + "://127.0.0.1:" + gateway.port();
            String curl = pki == null
                    ? "curl -s -X POST " + base + "/ams/api/v1/payments/pay \\\n"
                            + "  -H 'Content-Type: application/json' \\\n"
                            + "  -d " + payBody
                    : "curl -s --cacert " + mtls.resolve("ca.pem") + " --cert " + mtls.resolve("caller-full.pem")
                            + " --key " + mtls.resolve("caller-full-key.pem") + " \\\n"
                            + "  -X POST " + base + "/ams/api/v1/payments/pay -H 'Content-Type: application/json' \\\n"
                            + "  -d " + payBody + "\n"
                            + "# caller-inquiry may only inquire: the same pay is 403 GATEWAY_CALLER_FORBIDDEN, this is 200:\n"
                            + "curl -s --cacert " + mtls.resolve("ca.pem") + " --cert "
                            + mtls.resolve("caller-inquiry.pem")
                            + " --key " + mtls.resolve("caller-inquiry-key.pem") + " \\\n"
                            + "  -X POST " + base + "/ams/api/v1/payments/inquiryPayment"
                            + " -H 'Content-Type: application/json' -d '{\"paymentRequestId\":\"demo-1\"}'";
            HttpClient client = pki == null
                    ? HttpClient.newHttpClient()
                    : HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .sslContext(pki.clientContext(pki.full))
                            .build();
            HttpResponse<String> check = selfCheck(client, base);
            out.println("AMS gateway demo: gateway " + base + " -> AMS simulator " + simPorts.baseUri()
                    + " (TLS, verified against its generated certificate)");
            if (pki != null) {
                out.println("mTLS: callers must present a certificate signed by " + mtls.resolve("ca.pem")
                        + "; caller-full (" + DemoPki.FULL + ") may call every API, caller-inquiry ("
                        + DemoPki.INQUIRY + ") only payments/inquiry*. Certificates and keys are in " + mtls + ".");
            }
            out.println("Test keys were generated just now (client id " + CLIENT_ID + ", crypto provider "
                    + gateway.crypto().name() + "); nothing leaves this machine.");
            out.println();
            out.println(
                    apiKey
                            ? "Self-check: payments/pay with the profile's API key through the gateway -> HTTP "
                                    + check.statusCode() + ", X-Gateway-Verified: "
                                    + check.headers()
                                            .firstValue("X-Gateway-Verified")
                                            .orElse("NONE")
                                    + " (Alipay does not sign answers to API-key calls)"
                            : "Self-check: a signed payments/pay through the gateway -> HTTP " + check.statusCode()
                                    + ", response signature verified with Alipay key version "
                                    + check.headers()
                                            .firstValue("X-Gateway-Verified-Key-Version")
                                            .orElse("NONE"));
            out.println("  " + check.body());
            out.println();
            out.println("Try it (any language can do this; no key, no SDK):");
            out.println(curl);
            out.println();
            out.println("Metrics: http://127.0.0.1:" + gateway.adminPort() + "/metrics   Readiness: http://127.0.0.1:"
                    + gateway.adminPort() + "/readyz   Simulator faults: " + simPorts.controlUri() + "/faults");
            out.flush();
            boolean verified = check.statusCode() == 200
                    && (apiKey
                            ? check.headers()
                                    .firstValue("X-Gateway-Verified")
                                    .filter("none"::equals)
                                    .isPresent()
                            : check.headers()
                                    .firstValue("X-Gateway-Verified-Key-Version")
                                    .isPresent());
            if (!verified) {
                spec.commandLine().getErr().println("error: the self-check did not return a verified payment");
                return 1;
            }
            if (checkOnly) {
                return 0;
            }
            out.println("Serving until Ctrl-C.");
            out.flush();
            RunCommand.awaitTermination(gateway, sim, () -> deleteQuietly(dir));
            return 0;
        } finally {
            if (checkOnly || gateway == null) {
                if (gateway != null) {
                    gateway.drain(Duration.ofSeconds(2));
                }
                if (sim != null) {
                    sim.close();
                }
                deleteQuietly(dir);
            }
        }
    }

    /** The demo's configuration: RSA signing with {@code merchantKey}, or the API key in {@code apiKeyFile} when it is null. */
    private GatewayConfig config(Path dir, @Nullable Path merchantKey, Path apiKeyFile, BoundPorts sim) {
        String edge = mtls == null
                ? ""
                : "  listener.tls { enabled = true, cert-file = \"" + mtls.resolve("server.pem") + "\", key-file = \""
                        + mtls.resolve("server-key.pem") + "\", client-auth = require, client-ca-file = \""
                        + mtls.resolve("ca.pem") + "\" }\n"
                        + "  callers.rules = [\n"
                        + "    { caller = \"" + DemoPki.FULL + "\", profiles = [\"*\"], apis = [\"*\"] }\n"
                        + "    { caller = \"" + DemoPki.INQUIRY
                        + "\", profiles = [\"*\"], apis = [\"payments/inquiry*\"] }\n"
                        + "  ]\n";
        String hocon = "gateway {\n"
                + "  listener { host = 127.0.0.1, port = " + port + " }\n"
                + "  admin { host = 127.0.0.1, port = " + adminPort + " }\n"
                + edge
                + "  profiles.demo {\n"
                + "    client-id = \"" + CLIENT_ID + "\"\n"
                + (merchantKey != null
                        ? "    merchant-private-key-file = \"" + merchantKey + "\"\n"
                        : "    auth = api-key\n    api-key-file = \"" + apiKeyFile + "\"\n")
                + "    alipay-public-keys = [ { version = 1, file = \"" + dir.resolve("alipay-public.pem") + "\" } ]\n"
                + "    upstream { url = \"https://localhost:" + sim.port() + "\", ca-file = \""
                + dir.resolve("simulator-cert.pem") + "\" }\n"
                + "  }\n"
                + "}\n";
        return GatewayConfig.from(ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseString(hocon))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    /** The merchant's test private key in {@code dir}, as {@link #testMerchantKey} writes it. */
    static final String MERCHANT_KEY_FILE = "merchant-private.pem";

    /** A fresh RSA-2048 test key pair; its private key is written to {@link #MERCHANT_KEY_FILE} in {@code dir}. */
    static KeyPair testMerchantKey(Path dir) throws java.security.GeneralSecurityException, java.io.IOException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair merchant = gen.generateKeyPair();
        Files.writeString(
                dir.resolve(MERCHANT_KEY_FILE),
                KeygenCommand.pem("PRIVATE KEY", merchant.getPrivate().getEncoded()));
        return merchant;
    }

    /**
     * A simulator on ephemeral ports that knows {@code merchant}'s public key (version 1) for
     * {@code clientId} and writes its certificate and Alipay's public key into {@code dir}, where
     * the gateway's configuration reads them.
     */
    static SimulatorConfig.Builder testSimulator(Path dir, String clientId, KeyPair merchant) {
        return SimulatorConfig.builder()
                .port(0)
                .controlPort(0)
                .certificateOut(dir.resolve("simulator-cert.pem"))
                .alipayPublicKeyOut(dir.resolve("alipay-public.pem"))
                .merchant(MerchantPublicKey.parse(
                        clientId,
                        1,
                        Base64.getEncoder().encodeToString(merchant.getPublic().getEncoded())));
    }

    private static HttpResponse<String> selfCheck(HttpClient client, String base) throws Exception {
        return pay(client, base, "demo-self-check-");
    }

    /**
     * One {@code payments/pay} through the gateway at {@code base}, with a non-ASCII order
     * description and a payment request id of {@code idPrefix} and the time.
     */
    static HttpResponse<String> pay(HttpClient client, String base, String idPrefix) throws Exception {
        String body = "{\"paymentRequestId\":\"" + idPrefix + System.nanoTime()
                + "\",\"productCode\":\"CASHIER_PAYMENT\","
                + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"1000\"},\"order\":{\"referenceOrderId\":\"ORDER-0\","
                + "\"orderDescription\":\"Caf\u00e9 \u2615\",\"orderAmount\":{\"currency\":\"USD\",\"value\":\"1000\"}},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"}}";
        return client.send(
                HttpRequest.newBuilder(URI.create(base + "/ams/api/v1/payments/pay"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Deletes {@code dir} and what it holds, as far as it can (temporary test keys only). */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // A temp directory left behind holds only test keys.
        }
    }
}
