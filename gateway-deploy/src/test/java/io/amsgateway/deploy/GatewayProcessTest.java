package io.amsgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.testing.TestKeys;
import io.amsgateway.simulator.AmsSimulator;
import io.amsgateway.simulator.BoundPorts;
import io.amsgateway.simulator.MerchantPublicKey;
import io.amsgateway.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a child process, stopped and reloaded by real signals: SIGTERM drains and
 * the exit status says whether the drain was clean (0) or ended with calls in flight (3); two
 * SIGHUPs in quick succession leave the file's last content in force; a configuration that does
 * not load is one JSON line on stderr (exit 2).
 */
class GatewayProcessTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT = "SANDBOX_5Y00000000000021";
    static final Pattern LISTENING = Pattern.compile("gateway listening on [^,]*:(\\d+), admin on [^ ]*:(\\d+) ");

    @TempDir
    Path dir;

    AmsSimulator sim;
    BoundPorts simPorts;
    Process gateway;
    final List<String> stderr = new CopyOnWriteArrayList<>();
    int port;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aCleanDrainAfterSigtermExitsZero() throws Exception {
        start("shutdown.drain-timeout = 10s", "1");
        for (int i = 0; i < 5; i++) {
            assertThat(pay("P" + i).statusCode()).isEqualTo(200);
        }
        CompletableFuture<HttpResponse<String>> slow = payAsync("FAULT_DELAY_1500_" + id());
        await("the slow call is in flight", () -> metric("gateway_in_flight_calls") >= 1);

        // SIGTERM (not Process.destroy(), which also closes the pipes the gateway logs to)
        signal("TERM", gateway.pid());

        assertThat(slow.get(20, TimeUnit.SECONDS).statusCode())
                .as("the call in flight was answered")
                .isEqualTo(200);
        assertThat(exit()).as("a clean drain: %s", stderr).isZero();
        assertThat(jsonLines())
                .anySatisfy(l -> assertThat(l.path("message").asText()).startsWith("SIGTERM received: draining"));
        assertThat(stderr).as("every line is JSON").allSatisfy(l -> JSON.readTree(l));
    }

    @Test
    void aDrainThatEndsWithCallsInFlightExitsThree() throws Exception {
        start("shutdown.drain-timeout = 1s", "1");
        CompletableFuture<HttpResponse<String>> slow = payAsync("FAULT_DELAY_6000_" + id());
        await("the slow call is in flight", () -> metric("gateway_in_flight_calls") >= 1);
        long start = System.nanoTime();

        // SIGTERM (not Process.destroy(), which also closes the pipes the gateway logs to)
        signal("TERM", gateway.pid());

        assertThat(exit()).as("the drain timed out: %s", stderr).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("it waited for the drain timeout, not for the call")
                .isLessThan(Duration.ofSeconds(5));
        HttpResponse<String> answer = slow.get(20, TimeUnit.SECONDS);
        assertThat(answer.statusCode())
                .as("the call still running got the gateway's answer, not a closed connection: %s", answer.body())
                .isEqualTo(503);
        JsonNode result = JSON.readTree(answer.body()).path("result");
        assertThat(result.path("resultCode").asText()).isEqualTo("GATEWAY_SHUTTING_DOWN");
        assertThat(result.path("resultStatus").asText())
                .as("its request had reached Alipay: the outcome is unknown")
                .isEqualTo("U");
    }

    @Test
    void twoSighupsInQuickSuccessionLeaveTheFilesContentInForce() throws Exception {
        int trials = 10;
        Path conf = start("", "1", trials);
        long pid = gateway.pid();
        for (int trial = 0; trial < trials; trial++) {
            int before = reloadLines().size();
            replace(conf, config("", Integer.toString(trial + 2)));
            signal("HUP", pid);
            replace(conf, config("", "1"));
            signal("HUP", pid);
            int t = trial;
            // Each SIGHUP is served by a reload that reads the file after it: one or two reloads
            // (two signals close together may be served by one), then quiet.
            await("trial " + t + " reloads", () -> reloadLines().size() > before, this::logLines);
            awaitQuiet();
            assertThat(movesEndOn(1))
                    .as("trial %d: the file says 1: %s", t, logLines())
                    .isTrue();
        }
        long v1 = accepted(1);
        for (int i = 0; i < 5; i++) {
            assertThat(pay("H" + i).statusCode()).isEqualTo(200);
        }
        assertThat(accepted(1)).as("signed with version 1").isEqualTo(v1 + 5);
        List<String> moves = reloadLines();
        String from = "1";
        for (String m : moves) {
            Matcher x = Pattern.compile("key-version (\\d+) -> (\\d+)").matcher(m);
            if (x.find()) {
                assertThat(x.group(1))
                        .as("moves chain one after the other: %s", moves)
                        .isEqualTo(from);
                from = x.group(2);
            }
        }
        assertThat(jsonLines())
                .as("no reload was refused or half-applied")
                .noneMatch(l -> l.path("log.level").asText().equals("WARN")
                        && l.path("log.logger").asText().endsWith("Reloader"));
        signal("TERM", gateway.pid());
        assertThat(exit()).isZero();
    }

    @Test
    void aConfigurationThatDoesNotLoadIsOneJsonLine() throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "gateway.listener.port = not-a-port\n");
        Process p = new ProcessBuilder(
                        List.of(java(), "-jar", Repo.gatewayJar().toString(), "run", "--config", conf.toString()))
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(out).isEqualTo(2);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("one line").hasSize(1);
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.path("log.level").asText()).isEqualTo("ERROR");
        assertThat(line.path("message").asText())
                .startsWith("the gateway did not start: ")
                .contains("gateway.listener.port");
    }

    // ---------------------------------------------------------------------------------------

    KeyPair merchant1 = TestKeys.rsa();
    KeyPair merchant2 = TestKeys.rsa();
    Path keys;
    Path cert;

    Path start(String gatewaySettings, String keyVersion) throws Exception {
        return start(gatewaySettings, keyVersion, 0);
    }

    /** The simulator, a key directory (v1, and v2.. v(extra+1) with a second key), and the jar. */
    Path start(String gatewaySettings, String keyVersion, int extra) throws Exception {
        cert = dir.resolve("sim-cert.pem");
        Path alipayPub = dir.resolve("alipay-public.pem");
        SimulatorConfig.Builder b = SimulatorConfig.builder()
                .port(0)
                .controlPort(0)
                .certificateOut(cert)
                .alipayPublicKeyOut(alipayPub)
                .merchant(new MerchantPublicKey(CLIENT, 1, merchant1.getPublic()));
        for (int v = 2; v <= extra + 1; v++) {
            b.merchant(new MerchantPublicKey(CLIENT, v, merchant2.getPublic()));
        }
        sim = new AmsSimulator(b.build());
        simPorts = sim.start();
        keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("merchant-private-key-v1.pem"), TestKeys.privatePem(merchant1));
        for (int v = 2; v <= extra + 1; v++) {
            Files.writeString(keys.resolve("merchant-private-key-v" + v + ".pem"), TestKeys.privatePem(merchant2));
        }
        Files.copy(alipayPub, keys.resolve("alipay-public-key-v1.pem"));
        Path conf = Files.writeString(dir.resolve("gateway.conf"), config(gatewaySettings, keyVersion));
        gateway = new ProcessBuilder(
                        List.of(java(), "-jar", Repo.gatewayJar().toString(), "run", "--config", conf.toString()))
                .redirectErrorStream(true)
                .start();
        gateway.getOutputStream().close();
        reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        await("the gateway listens", () -> stderr.stream()
                .anyMatch(l -> LISTENING.matcher(l).find()));
        Matcher m = stderr.stream()
                .map(LISTENING::matcher)
                .filter(Matcher::find)
                .findFirst()
                .orElseThrow();
        port = Integer.parseInt(m.group(1));
        adminPort = Integer.parseInt(m.group(2));
        return conf;
    }

    int adminPort;
    Thread reader;

    /** Waits for the process to exit and for its output to be read to the end. */
    int exit() throws Exception {
        assertThat(gateway.waitFor(30, TimeUnit.SECONDS))
                .as("the gateway exited")
                .isTrue();
        reader.join(10_000);
        return gateway.exitValue();
    }

    String config(String gatewaySettings, String keyVersion) {
        return "gateway {\n"
                + "  listener { host = 127.0.0.1, port = 0 }\n"
                + "  admin { host = 127.0.0.1, port = 0 }\n"
                + "  " + gatewaySettings + "\n"
                + "  profiles.sandbox {\n"
                + "    client-id = \"" + CLIENT + "\"\n"
                + "    key-version = " + keyVersion + "\n"
                + "    key-source { type = file, dir = \"" + keys + "\" }\n"
                + "    upstream { url = \"https://localhost:" + simPorts.port() + "\", ca-file = \"" + cert + "\","
                + " response-timeout = 10s }\n"
                + "  }\n"
                + "}\n";
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    static void replace(Path file, String content) throws Exception {
        Path tmp = Files.writeString(file.resolveSibling(".tmp-" + file.getFileName()), content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    List<JsonNode> jsonLines() {
        List<JsonNode> out = new ArrayList<>();
        for (String l : stderr) {
            try {
                out.add(JSON.readTree(l));
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON line: " + l);
            }
        }
        return out;
    }

    /** The gateway's log lines but the access lines: level, thread and message. */
    List<String> logLines() {
        return jsonLines().stream()
                .filter(l -> !l.path("log.logger").asText().equals("io.amsgateway.access"))
                .map(l -> l.path("log.level").asText() + " "
                        + l.path("process.thread.name").asText() + " "
                        + l.path("message").asText().lines().findFirst().orElse(""))
                .toList();
    }

    List<String> reloadLines() {
        return jsonLines().stream()
                .map(l -> l.path("message").asText())
                .filter(m -> m.startsWith("reload: "))
                .toList();
    }

    /** Whether the last key-version move logged (if any) is to {@code version}. */
    boolean movesEndOn(int version) {
        List<String> moves =
                reloadLines().stream().filter(m -> m.contains("key-version")).toList();
        return moves.isEmpty() || moves.get(moves.size() - 1).endsWith("-> " + version);
    }

    /** Waits until no reload line has been logged for 500 ms (a reload takes a few ms here). */
    void awaitQuiet() throws InterruptedException {
        int seen = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(500)) {
            int now = reloadLines().size();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
            Thread.sleep(20);
        }
    }

    long accepted(int keyVersion) {
        return sim.state()
                .path("acceptedByKeyVersion")
                .path(Integer.toString(keyVersion))
                .asLong();
    }

    static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    HttpRequest payRequest(String requestId) {
        String body = "{\"productCode\":\"CASHIER_PAYMENT\",\"paymentRequestId\":\"" + requestId + "\","
                + "\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"10\"},"
                + "\"order\":{\"referenceOrderId\":\"O-" + requestId + "\",\"orderDescription\":\"x\","
                + "\"orderAmount\":{\"currency\":\"USD\",\"value\":\"10\"}},"
                + "\"paymentMethod\":{\"paymentMethodType\":\"ALIPAY_CN\"},\"paymentRedirectUrl\":\"https://e.com/r\"}";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ams/api/v1/payments/pay"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    HttpResponse<String> pay(String requestId) throws Exception {
        return client.send(payRequest(requestId + id()), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> payAsync(String requestId) {
        return client.sendAsync(payRequest(requestId), HttpResponse.BodyHandlers.ofString());
    }

    double metric(String name) {
        try {
            String text = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m =
                    Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
            return m.find() ? Double.parseDouble(m.group(2)) : 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    /** Waits up to 30 s for {@code condition}; the failure message ends with {@code context}. */
    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<Object> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("timed out waiting until " + what + ": " + context.get());
            }
            Thread.sleep(10);
        }
    }
}
