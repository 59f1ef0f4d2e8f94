package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.simulator.LeakCheck;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP front over raw sockets against a real gateway and simulator: pipelined requests are
 * answered in order, requests must arrive in time, only plain request-targets and UTF-8 bodies
 * are signed, slow senders cannot starve valid calls.
 */
@ExtendWith(LeakCheck.class)
class EdgeFrontTest {
    static final String PAY = "/ams/api/v1/payments/pay";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static GatewayFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = GatewayFixture.start(dir, b -> {}, "gateway.listener.request-read-timeout { headers = 2s, whole = 4s }\n");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void reset() {
        f.calls.clear();
    }

    /** The simulator's request count, once no call is in flight and it has stopped moving. */
    static long simRequests() throws InterruptedException {
        awaitCondition(() -> f.gateway.state().inFlight() == 0, "no call in flight");
        long last = -1;
        long now = f.sim.state().get("requests").asLong();
        while (now != last) {
            Thread.sleep(200);
            last = now;
            now = f.sim.state().get("requests").asLong();
        }
        return now;
    }

    static JsonNode result(RawHttp.Response r) throws Exception {
        return JSON.readTree(r.body()).get("result");
    }

    @Test
    void pipelinedRequestsWhoseAnswersWouldCompleteInReverseAreAnsweredInRequestOrder() throws Exception {
        List<String> ids = List.of("FAULT_DELAY_900_" + id(), "FAULT_DELAY_450_" + id(), "FAULT_DELAY_10_" + id());
        try (RawHttp c = new RawHttp(f.gateway.port())) {
            byte[][] all = ids.stream().map(i -> RawHttp.post(PAY, pay(i, "3"))).toArray(byte[][]::new);
            byte[] one = new byte[all[0].length + all[1].length + all[2].length];
            System.arraycopy(all[0], 0, one, 0, all[0].length);
            System.arraycopy(all[1], 0, one, all[0].length, all[1].length);
            System.arraycopy(all[2], 0, one, all[0].length + all[1].length, all[2].length);
            c.send(one); // one write: the three usually arrive in one TCP read
            for (String expected : ids) {
                RawHttp.Response r = c.read();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).get("paymentRequestId").asText())
                        .as("each answer is its own request's, in request order")
                        .isEqualTo(expected);
            }
        }
        assertThat(f.calls).hasSize(3).allSatisfy(c -> assertThat(c.response().error())
                .isNull());
    }

    @Test
    void aMalformedRequestAfterAValidOneClosesOnlyAfterTheValidAnswer() throws Exception {
        String valid = "FAULT_DELAY_300_" + id();
        try (RawHttp c = new RawHttp(f.gateway.port())) {
            c.send(
                    RawHttp.post(PAY, pay(valid, "4")),
                    "POST /ams/api/v1/payments/pay HTTP/1.1\r\nContent-Length: abc\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response first = c.read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(JSON.readTree(first.body()).get("paymentRequestId").asText())
                    .isEqualTo(valid);
            RawHttp.Response second = c.read();
            assertThat(second.status()).isEqualTo(400);
            assertThat(result(second).get("resultCode").asText()).isEqualTo("GATEWAY_INVALID_REQUEST");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void everyConfusableTargetIsRefusedBeforeAnythingIsSigned() throws Exception {
        List<String> targets = List.of(
                "/ams/api/../../x",
                "/ams/api/v1/payments/../payments/pay",
                "/ams/api/v1/./payments/pay",
                "/ams/api/v1/%2e%2e/payments/pay",
                "/ams/api/v1/%2E./payments/pay",
                "/ams/api/v1/payments%2fpay",
                "/ams/api/v1/payments%2Fpay",
                "/ams/api/v1/payments%5cpay",
                "/ams/api/v1/payments%5Cpay",
                "/ams/api/v1/payments\\pay",
                "/ams/api/v1/payments/pay;jsessionid=1",
                "/ams/api/v1/payments/pay#fragment",
                "/ams/api//v1/payments/pay",
                "/ams/api/v1/payments/pay?lang=en",
                "http://127.0.0.1/ams/api/v1/payments/pay");
        long before = simRequests();
        try (RawHttp c = new RawHttp(f.gateway.port())) {
            for (String target : targets) {
                c.send(RawHttp.post(target, pay(id(), "5")));
                RawHttp.Response r = c.read();
                assertThat(r.status()).as(target).isEqualTo(400);
                assertThat(result(r).get("resultCode").asText()).as(target).isEqualTo("GATEWAY_INVALID_REQUEST");
                assertThat(result(r).get("resultStatus").asText()).isEqualTo("F");
            }
        }
        assertThat(simRequests()).as("nothing reached Alipay").isEqualTo(before);
        assertThat(f.calls)
                .hasSize(targets.size())
                .allSatisfy(c -> assertThat(c.response().error()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void bodiesMustBeUtf8WithoutABomAndOneClientIdIsAllowed() throws Exception {
        String body = pay(id(), "6");
        byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        long before = simRequests();
        try (RawHttp c = new RawHttp(f.gateway.port())) {
            c.send(RawHttp.post(PAY, bom));
            assertThat(result(c.read()).get("resultMessage").asText()).contains("byte order mark");
            c.send(RawHttp.post(PAY, body.getBytes(StandardCharsets.UTF_16LE)));
            assertThat(result(c.read()).get("resultMessage").asText()).contains("UTF-16");
            c.send(RawHttp.post(PAY, body.getBytes(StandardCharsets.UTF_16)));
            assertThat(result(c.read()).get("resultMessage").asText()).contains("UTF-16");
            c.send(RawHttp.post(
                    PAY, body, "Client-Id: " + GatewayFixture.CLIENT_ID, "Client-Id: " + GatewayFixture.CLIENT_ID));
            RawHttp.Response twice = c.read();
            assertThat(twice.status()).isEqualTo(400);
            assertThat(result(twice).get("resultMessage").asText()).contains("2 Client-Id headers");
        }
        assertThat(simRequests()).isEqualTo(before);
    }

    @Test
    void aOneBytePerSecondSenderGets408AtTheHeadersDeadlineAndIsClosed() throws Exception {
        byte[] request = RawHttp.post(PAY, pay(id(), "7"));
        try (RawHttp c = new RawHttp(f.gateway.port())) {
            long start = System.nanoTime();
            ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
            AtomicLong sent = new AtomicLong();
            try {
                drip.scheduleAtFixedRate(
                        () -> {
                            try {
                                c.send(new byte[] {request[(int) sent.getAndIncrement()]});
                            } catch (Exception e) {
                                throw new RuntimeException(e); // closed: stop dripping
                            }
                        },
                        0,
                        400,
                        TimeUnit.MILLISECONDS);
                RawHttp.Response r = c.read();
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(r.status()).isEqualTo(408);
                assertThat(result(r).get("resultCode").asText()).isEqualTo("GATEWAY_REQUEST_TIMEOUT");
                assertThat(result(r).get("resultStatus").asText()).isEqualTo("F");
                assertThat(ms)
                        .as("at the 2 s headers deadline, though a byte came every 400 ms")
                        .isBetween(1_900L, 3_500L);
                assertThat(c.closedByPeer()).isTrue();
            } finally {
                drip.shutdownNow();
            }
        }
    }

    @Test
    void aSlowButInTimeRequestPasses() throws Exception {
        String pid = id();
        byte[] request = RawHttp.post(PAY, pay(pid, "8"));
        try (RawHttp c = new RawHttp(f.gateway.port())) {
            int step = request.length / 6 + 1;
            for (int i = 0; i < request.length; i += step) {
                c.send(java.util.Arrays.copyOfRange(request, i, Math.min(request.length, i + step)));
                Thread.sleep(250); // 1.5 s in all: within both deadlines
            }
            RawHttp.Response r = c.read();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("paymentRequestId").asText()).isEqualTo(pid);
        }
    }

    @Test
    void threeHundredSlowSendersNeitherStarveValidCallsNorHoldTheirConnections() throws Exception {
        int slow = 300;
        List<RawHttp> senders = new ArrayList<>();
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < slow; i++) {
                senders.add(new RawHttp(f.gateway.port()));
            }
            byte[] request = RawHttp.post(PAY, pay(id(), "9"));
            AtomicLong tick = new AtomicLong();
            drip.scheduleAtFixedRate(
                    () -> {
                        int at = (int) tick.getAndIncrement();
                        for (RawHttp s : senders) {
                            try {
                                s.send(new byte[] {request[at]});
                            } catch (Exception e) {
                                // refused and closed
                            }
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            awaitCondition(() -> f.gateway.edge().connections() >= slow, "the slow senders are connected");

            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            List<HttpResponse<String>> valid = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.Semaphore callers = new java.util.concurrent.Semaphore(16);
            List<CompletableFuture<?>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                callers.acquire();
                all.add(client.sendAsync(
                                HttpRequest.newBuilder(f.uri(PAY))
                                        .timeout(Duration.ofSeconds(10))
                                        .POST(HttpRequest.BodyPublishers.ofString(pay(id(), "10")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            callers.release();
                            valid.add(r);
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long validMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(valid)
                    .as("100 valid calls (16 at a time) while 300 callers trickle")
                    .hasSize(100)
                    .allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
            assertThat(validMs).isLessThan(10_000);

            int timedOut = 0;
            for (RawHttp s : senders) {
                RawHttp.Response r = s.read();
                if (r != null && r.status() == 408) {
                    timedOut++;
                }
            }
            assertThat(timedOut).as("every slow sender got its 408").isEqualTo(slow);
            awaitCondition(
                    () -> f.gateway.edge().connections() <= valid.size(),
                    "the slow senders' connections are closed (the valid callers' keep-alive ones may stay)");
            assertThat(f.gateway.edge().bufferedBodyBytes()).isZero();
        } finally {
            drip.shutdownNow();
            for (RawHttp s : senders) {
                s.close();
            }
        }
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
