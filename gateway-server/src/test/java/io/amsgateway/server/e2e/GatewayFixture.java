package io.amsgateway.server.e2e;

import com.typesafe.config.ConfigFactory;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.config.GatewayConfig;
import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.BoundPorts;
import io.amsgateway.simulator.MerchantPublicKey;
import io.amsgateway.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real gateway in front of a real AMS simulator over real TLS, both on 127.0.0.1 with ephemeral
 * ports and freshly generated keys, and a JDK HttpClient as the caller.
 *
 * <p>The gateway trusts only the simulator's generated certificate (written as PEM) and keeps
 * host name verification on. Every finished call is recorded in {@link #calls}.
 */
final class GatewayFixture implements AutoCloseable {
    static final String CLIENT_ID = "SANDBOX_5Y00000000000001";

    final Path dir;
    final KeyPair merchant;
    final AmsSimulator sim;
    final BoundPorts simPorts;
    final GatewayServer gateway;
    final HttpClient client;
    final List<CallRecord> calls;
    /** The gateway's configuration as started (HOCON), for tests that reload a variation of it. */
    final String hocon;

    private GatewayFixture(
            Path dir,
            KeyPair merchant,
            AmsSimulator sim,
            BoundPorts simPorts,
            GatewayServer gateway,
            List<CallRecord> calls,
            String hocon) {
        this.calls = calls;
        this.hocon = hocon;
        this.dir = dir;
        this.merchant = merchant;
        this.sim = sim;
        this.simPorts = simPorts;
        this.gateway = gateway;
        this.client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts with default settings. */
    static GatewayFixture start(Path dir) throws Exception {
        return start(dir, b -> {}, "");
    }

    /**
     * Starts a simulator (tweaked by {@code simulator}) and a gateway whose configuration is the
     * fixture's plus {@code extraHocon} (which wins).
     */
    static GatewayFixture start(Path dir, Consumer<SimulatorConfig.Builder> simulator, String extraHocon)
            throws Exception {
        return start(dir, rsa(), simulator, extraHocon, alipayPublicKey -> {});
    }

    /**
     * As {@link #start(Path, Consumer, String)}, with the merchant's key pair (version 1) given, and
     * {@code beforeGateway} run with the file of the simulator's Alipay public key once the
     * simulator is up and before the gateway starts (to put keys where a key source will find them).
     */
    static GatewayFixture start(
            Path dir,
            KeyPair merchant,
            Consumer<SimulatorConfig.Builder> simulator,
            String extraHocon,
            Consumer<Path> beforeGateway)
            throws Exception {
        Path merchantKey = Files.writeString(
                dir.resolve("merchant-private.b64"),
                Base64.getEncoder().encodeToString(merchant.getPrivate().getEncoded()));
        Path cert = dir.resolve("sim-cert.pem");
        Path alipayPub = dir.resolve("alipay-public.pem");
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .port(0)
                .controlPort(0)
                .certificateOut(cert)
                .alipayPublicKeyOut(alipayPub)
                .merchant(MerchantPublicKey.parse(
                        CLIENT_ID,
                        1,
                        Base64.getEncoder().encodeToString(merchant.getPublic().getEncoded())));
        simulator.accept(b);
        AmsSimulator sim = new AmsSimulator(b.build());
        BoundPorts ports = sim.start();
        String hocon = "gateway {\n"
                + "  listener.port = 0\n"
                + "  admin.port = 0\n"
                + "  shutdown.drain-timeout = 5s\n"
                + "  profiles.sandbox {\n"
                + "    client-id = \"" + CLIENT_ID + "\"\n"
                + "    merchant-private-key-file = \"" + merchantKey + "\"\n"
                + "    alipay-public-keys = [ { version = 1, file = \"" + alipayPub + "\" } ]\n"
                + "    upstream { url = \"https://localhost:" + ports.port() + "\", ca-file = \"" + cert + "\","
                + " response-timeout = 2s }\n"
                + "  }\n"
                + "}\n" + extraHocon;
        List<CallRecord> calls = new CopyOnWriteArrayList<>();
        GatewayServer gateway;
        try {
            beforeGateway.accept(alipayPub);
            gateway = GatewayServer.start(config(hocon, ""), calls::add);
        } catch (Exception e) {
            sim.close();
            throw e;
        }
        return new GatewayFixture(dir, merchant, sim, ports, gateway, calls, hocon);
    }

    static GatewayConfig config(String hocon, String override) {
        return GatewayConfig.from(ConfigFactory.parseString(hocon + "\n" + override)
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    /** The configuration this gateway started with, plus {@code override} (which wins). */
    GatewayConfig config(String override) {
        return config(hocon, override);
    }

    /** The sum of {@code name}'s samples whose labels contain {@code labelFilter} ("" for all), from a live scrape. */
    double metric(String name, String labelFilter) throws Exception {
        String text = ProxyOperationsTest.admin(this, "/metrics").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$")
                .matcher(text);
        double sum = 0;
        while (m.find()) {
            if (m.group(1) == null ? labelFilter.isEmpty() : m.group(1).contains(labelFilter)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static KeyPair rsa() {
        return TestKeys.rsa();
    }

    /** How many requests the simulator accepted signed with merchant key {@code keyVersion}. */
    long accepted(int keyVersion) {
        return sim.state()
                .path("acceptedByKeyVersion")
                .path(Integer.toString(keyVersion))
                .asLong();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    /** POSTs {@code body} to the gateway with the given extra headers. */
    HttpResponse<String> post(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(r::header);
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, Map.of());
    }

    @Override
    public void close() {
        try {
            gateway.drain(Duration.ofSeconds(2));
        } finally {
            sim.close();
        }
    }
}
