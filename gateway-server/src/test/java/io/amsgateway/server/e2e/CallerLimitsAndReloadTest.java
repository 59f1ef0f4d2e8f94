package io.amsgateway.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.simulator.LeakCheck;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits under concurrent load (counted against what the simulator accepted), report mode, the
 * start-up rule, the Unix domain socket listener, and a reload (SIGHUP) that changes the policy,
 * tokens and limits while a call is in flight.
 */
@ExtendWith(LeakCheck.class)
class CallerLimitsAndReloadTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String pay(String requestId) {
        return ProxyEndToEndTest.pay(requestId, "1000");
    }

    static String sha256(String s) {
        return CallerEdgeEndToEndTest.sha256(s);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        CallerEdgeEndToEndTest.await(what, condition);
    }

    @Test
    void concurrentCallsOverMaxInFlightGet503AndOnlyTheAdmittedOnesReachAlipay() throws Exception {
        try (GatewayFixture f = GatewayFixture.start(dir, b -> {}, "gateway.limits.per-caller.max-in-flight = 2\n")) {
            long before = f.accepted(1);
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(f.client.sendAsync(
                        HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(pay("FAULT_DELAY_1500_" + id())))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            int busy = 0;
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.join();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                    assertThat(JSON.readTree(r.body()).at("/result/resultCode").asText())
                            .isEqualTo("GATEWAY_CONCURRENCY_LIMITED");
                    assertThat(JSON.readTree(r.body())
                                    .at("/result/resultStatus")
                                    .asText())
                            .isEqualTo("F");
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                    busy++;
                }
            }
            assertThat(ok).as("at most 2 at once, and at least the first 2").isBetween(2, 6);
            assertThat(busy).as("the rest refused").isEqualTo(8 - ok).isPositive();
            assertThat(f.accepted(1))
                    .as("the simulator saw only the admitted calls")
                    .isEqualTo(before + ok);
            assertThat(f.gateway.callerEdge().limits().inFlightOfCaller("local"))
                    .as("every permit given back at the exit")
                    .isZero();
            assertThat(f.calls.stream()
                            .filter(c -> c.audit() != null
                                    && "concurrency-limited".equals(c.audit().decision())))
                    .hasSize(busy);

            // After the load, the caller has its places back.
            HttpResponse<String> again = f.post("/ams/api/v1/payments/pay", pay(id()));
            assertThat(again.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aProfileOverItsRateGets429WithRetryAfterAndNothingIsSent() throws Exception {
        try (GatewayFixture f =
                GatewayFixture.start(dir, b -> {}, "gateway.limits.per-profile { rate = 1, burst = 3 }\n")) {
            long before = f.accepted(1);
            int ok = 0;
            int limited = 0;
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> r = f.post("/ams/api/v1/payments/pay", pay(id()));
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                    assertThat(JSON.readTree(r.body()).at("/result/resultCode").asText())
                            .isEqualTo("GATEWAY_RATE_LIMITED");
                    assertThat(r.headers().firstValue("Retry-After").map(Integer::parseInt))
                            .hasValueSatisfying(s -> assertThat(s).isBetween(1, 2));
                    limited++;
                }
            }
            assertThat(ok).as("the burst, plus what refilled meanwhile").isBetween(3, 5);
            assertThat(limited).isEqualTo(8 - ok);
            assertThat(f.accepted(1)).isEqualTo(before + ok);
            assertThat(f.calls.stream()
                            .filter(c -> c.audit() != null
                                    && "rate-limited".equals(c.audit().decision())))
                    .hasSize(limited);
        }
    }

    @Test
    void reportModeLetsAForbiddenCallThroughAndRecordsAndCountsIt() throws Exception {
        String rules = "gateway.callers { mode = report, rules = [ { caller = \"token:someone\", profiles = [\"*\"],"
                + " apis = [\"*\"] } ] }\n";
        try (GatewayFixture f = GatewayFixture.start(dir, b -> {}, rules)) {
            long before = f.accepted(1);
            String req = id();
            HttpResponse<String> r = f.post("/ams/api/v1/payments/pay", pay(req));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(f.accepted(1)).isEqualTo(before + 1);
            CallRecord c = f.calls.stream()
                    .filter(x -> x.audit() != null && req.equals(x.audit().ids().paymentRequestId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(c.audit().decision()).isEqualTo("would-be-forbidden");
            assertThat(c.audit().reason()).contains("caller local").contains("payments/pay");
            assertThat(c.audit().httpStatus()).isEqualTo(200);
            HttpResponse<String> metrics = f.client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.gateway.adminPort() + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("gateway_caller_decisions_total{decision=\"would-be-forbidden\"} 1.0");
        }
    }

    @Test
    void aNetworkListenerWithoutCallerRulesRefusesToStartAndSaysHowToFixIt() throws Exception {
        assertThatThrownBy(() -> GatewayFixture.start(dir, b -> {}, "gateway.listener.host = 0.0.0.0\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.listener.host = 0.0.0.0")
                .hasMessageContaining("gateway.callers.rules")
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void theUnixSocketServesRawHttpAsLocalWithNoTcpListener() throws Exception {
        Path socket = dir.resolve("gw.sock");
        try (GatewayFixture f = GatewayFixture.start(
                dir,
                b -> {},
                "gateway.listener { port = -1, unix-socket = \"" + socket + "\" }\n"
                        + "gateway.callers.rules = [ { caller = local, profiles = [\"*\"], apis = [\"payments/*\"] } ]\n")) {
            assertThat(f.gateway.port()).as("no TCP listener").isEqualTo(-1);
            assertThat(f.gateway.ready()).isTrue();
            long before = f.accepted(1);
            String req = id();
            String answer = unixPost(socket, "/ams/api/v1/payments/pay", pay(req));
            assertThat(answer).startsWith("HTTP/1.1 200 ");
            assertThat(answer).contains("\"resultStatus\":\"S\"");
            assertThat(f.accepted(1)).isEqualTo(before + 1);
            CallRecord c = f.calls.stream()
                    .filter(x -> x.audit() != null && req.equals(x.audit().ids().paymentRequestId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(c.audit().caller().identity()).isEqualTo("local");
            assertThat(c.audit().caller().listener()).isEqualTo("unix");
            assertThat(c.audit().caller().remoteAddress()).isEqualTo("unix");

            assertThat(unixPost(socket, "/ams/api/v1/other/thing", "{}")).startsWith("HTTP/1.1 403 ");
        }
        assertThat(Files.exists(socket))
                .as("the socket file is removed on stop")
                .isFalse();
    }

    /** One request over the Unix socket with a JDK channel, the whole answer as text. */
    static String unixPost(Path socket, String path, String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            ch.write(ByteBuffer.wrap(b));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (ch.read(buf) >= 0 && System.nanoTime() < deadline) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aReloadChangesPolicyTokensAndLimitsWithoutDroppingACallInFlight() throws Exception {
        String oldToken = "old-" + id();
        String newToken = "new-" + id();
        String before = "gateway.callers { rules = [ { caller = \"token:old\", profiles = [\"*\"], apis = [\"*\"] } ],"
                + " tokens = [ { name = old, sha256 = \"" + sha256(oldToken) + "\" } ] }\n";
        String after = "gateway.callers { rules = [ { caller = \"token:new\", profiles = [\"*\"],"
                + " apis = [\"payments/inquiry*\"] } ], tokens = [ { name = new, sha256 = \"" + sha256(newToken)
                + "\" } ] }\n"
                + "gateway.limits.per-caller.max-in-flight = 1\n";
        try (GatewayFixture f = GatewayFixture.start(dir, b -> {}, before)) {
            String slow = "FAULT_DELAY_1500_" + id();
            CompletableFuture<HttpResponse<String>> inFlight = f.client.sendAsync(
                    HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + oldToken)
                            .POST(HttpRequest.BodyPublishers.ofString(pay(slow)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            await("the slow call in flight", () -> f.gateway.state().inFlight() == 1);

            List<String> lines = f.gateway.reload(f.config(after)).get();
            assertThat(String.join("\n", lines)).contains("gateway.callers").contains("gateway.limits");

            assertThat(inFlight.join().statusCode())
                    .as("the call in flight finishes under what it was admitted with")
                    .isEqualTo(200);
            Map<String, String> oldAuth = Map.of("Authorization", "Bearer " + oldToken);
            Map<String, String> newAuth = Map.of("Authorization", "Bearer " + newToken);
            assertThat(f.post("/ams/api/v1/payments/pay", pay(id()), oldAuth).statusCode())
                    .as("the old token is gone")
                    .isEqualTo(401);
            assertThat(f.post("/ams/api/v1/payments/pay", pay(id()), newAuth).statusCode())
                    .as("the new rule allows only inquiries")
                    .isEqualTo(403);
            assertThat(f.post("/ams/api/v1/payments/inquiryPayment", "{\"paymentRequestId\":\"" + id() + "\"}", newAuth)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(f.gateway.callerEdge().limits().inFlightOfCaller("token:new"))
                    .isZero();

            List<String> again = f.gateway.reload(f.config(after)).get();
            assertThat(again).containsExactly("nothing changed");

            List<String> open = f.gateway
                    .reload(f.config("gateway.listener.host = 0.0.0.0\ngateway.callers.rules = []\n"))
                    .get();
            assertThat(String.join("\n", open))
                    .as("a listener change waits for a restart; the rules apply at once (loopback may run without)")
                    .contains("need a restart")
                    .contains("gateway.callers: 0 rules");
        }
    }
}
