package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import io.amsgateway.core.crypto.CryptoProvider;
import io.amsgateway.core.crypto.JcaSigner;
import io.amsgateway.core.crypto.SignatureAlgorithm;
import io.amsgateway.core.protocol.AlipayResult;
import io.amsgateway.core.protocol.SignContent;
import io.amsgateway.core.protocol.SignatureHeader;
import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.shared.RedisServer;
import io.amsgateway.server.shared.SharedState;
import io.amsgateway.simulator.LeakCheck;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway replicas sharing one real {@code redis-server} (started here on an ephemeral
 * loopback port) for notification de-duplication: a notification is forwarded once whichever
 * replica Alipay's copies reach, a failed delivery is forwarded on Alipay's retry through the other
 * replica, and an outage of Redis mid-load loses no acknowledgement, hangs nothing, is counted and
 * logged once, and ends by itself.
 */
@ExtendWith(LeakCheck.class)
class SharedNotificationsTest {
    @TempDir
    Path dir;

    final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    final AtomicInteger internalStatus = new AtomicInteger(200);
    final List<AutoCloseable> open = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    KeyPair alipay;
    GatewayFixture a;
    GatewayServer b;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** Redis, the internal service, replica A (with the simulator) and replica B, all sharing Redis. */
    void start(RedisServer redis, String redisHocon) throws Exception {
        open.add(redis);
        this.redis = redis;
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int status = internalStatus.get();
            if (status == 200) {
                deliveries
                        .computeIfAbsent(new String(body, StandardCharsets.UTF_8), k -> new AtomicInteger())
                        .incrementAndGet();
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        internal.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        internal.start();
        open.add(() -> internal.stop(0));
        alipay = GatewayFixture.rsa();
        a = GatewayFixture.start(
                dir,
                s -> s.alipayPrivateKey(alipay.getPrivate()),
                "gateway.notifications { enabled = true, forward-url = \"http://127.0.0.1:"
                        + internal.getAddress().getPort() + "/internal\" }\n"
                        // command-timeout 2s, not the 250 ms default: the test machine runs several builds
                        // on two cores, where a stall would make a replica decide alone (and forward twice).
                        + "gateway.shared-state { type = redis, expected-replicas = 2, redis { command-timeout = 2s, "
                        + redisHocon + " } }\n");
        open.add(a);
        List<CallRecord> calls = new CopyOnWriteArrayList<>();
        b = GatewayServer.start(a.config(""), calls::add);
        open.add(() -> b.drain(Duration.ofSeconds(2)));
        await(() -> a.gateway.sharedState().connected() && b.sharedState().connected(), "both replicas connected");
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    HttpResponse<String> notify(int port, String body) throws Exception {
        String path = "/alipay/notify/payment";
        String time = Long.toString(System.currentTimeMillis());
        JcaSigner signer = JcaSigner.create(
                GatewayFixture.CLIENT_ID, 1, SignatureAlgorithm.RSA256, alipay.getPrivate(), CryptoProvider.jdk());
        byte[] sig = signer.signNow(
                SignContent.build("POST", path, GatewayFixture.CLIENT_ID, time, body.getBytes(StandardCharsets.UTF_8)));
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("client-id", GatewayFixture.CLIENT_ID)
                .header("request-time", time)
                .header("signature", SignatureHeader.format(SignatureAlgorithm.RSA256, 1, sig))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String body() {
        return "{\"notifyType\":\"PAYMENT_RESULT\",\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\","
                + "\"resultMessage\":\"success\"},\"paymentRequestId\":\"" + id() + "\",\"paymentId\":\"" + id()
                + "\"}";
    }

    static final String ACK = new String(AlipayResult.NOTIFICATION_ACK.toJsonBytes(), StandardCharsets.UTF_8);

    int delivered(String body) {
        AtomicInteger n = deliveries.get(body);
        return n == null ? 0 : n.get();
    }

    double metric(int adminPort, String series) throws Exception {
        return metric(http, adminPort, series);
    }

    /** The value of one series ({@code name{labels}}) on the admin port's {@code /metrics}. */
    static double metric(HttpClient http, int adminPort, String series) throws Exception {
        String text = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
    }

    void startPlain() throws Exception {
        RedisServer redis = RedisServer.start(dir);
        start(redis, "uri = \"" + redis.uri() + "\"");
    }

    RedisServer redis;

    @Test
    void theSameNotificationAtBothReplicasIsForwardedOnce() throws Exception {
        startPlain();
        String body = body();
        HttpResponse<String> first = notify(a.gateway.port(), body);
        HttpResponse<String> second = notify(b.port(), body);
        assertThat(first.body()).isEqualTo(ACK);
        assertThat(second.body())
                .as("the copy at the other replica is acknowledged")
                .isEqualTo(ACK);
        assertThat(delivered(body)).as("forwarded once").isEqualTo(1);

        // Copies arriving at both replicas at the same moment: one forwards, the other is not
        // acknowledged (Alipay sends it again) or sees it delivered; never forwarded twice.
        for (int i = 0; i < 10; i++) {
            String n = body();
            var atA = java.util.concurrent.CompletableFuture.supplyAsync(() -> send(a.gateway.port(), n));
            var atB = java.util.concurrent.CompletableFuture.supplyAsync(() -> send(b.port(), n));
            List<HttpResponse<String>> both = List.of(atA.join(), atB.join());
            assertThat(both).allSatisfy(r -> assertThat(r.statusCode()).isIn(200, 502));
            assertThat(both).anySatisfy(r -> assertThat(r.body()).isEqualTo(ACK));
            for (HttpResponse<String> r : both) {
                if (r.statusCode() == 502) {
                    assertGatewayError(r, 502, "GATEWAY_NOTIFICATION_NOT_DELIVERED", "U");
                }
            }
            assertThat(notify(b.port(), n).body())
                    .as("Alipay's retry is acknowledged")
                    .isEqualTo(ACK);
            assertThat(delivered(n)).as("forwarded once").isEqualTo(1);
        }
        assertThat(metric(a.gateway.adminPort(), "gateway_shared_state_fallbacks_total{use=\"dedup\"}"))
                .isZero();
        assertThat(metric(a.gateway.adminPort(), "gateway_shared_state_unavailable"))
                .isZero();
    }

    HttpResponse<String> send(int port, String body) {
        try {
            return notify(port, body);
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    @Test
    void aFailedDeliveryIsForwardedOnAlipaysRetryThroughTheOtherReplica() throws Exception {
        startPlain();
        String body = body();
        internalStatus.set(500);
        assertGatewayError(notify(a.gateway.port(), body), 502, "GATEWAY_NOTIFICATION_NOT_DELIVERED", "U");
        internalStatus.set(200);
        HttpResponse<String> retry = notify(b.port(), body);
        assertThat(retry.body())
                .as("the retry through B is delivered, not taken for a duplicate")
                .isEqualTo(ACK);
        assertThat(delivered(body)).isEqualTo(1);
        assertThat(notify(a.gateway.port(), body).body()).isEqualTo(ACK);
        assertThat(delivered(body)).as("and remembered by both").isEqualTo(1);
    }

    @Test
    void redisStoppedAndRestartedMidLoadLosesNoAcknowledgementAndRecovers() throws Exception {
        startPlain();
        try (LogCapture log = new LogCapture(SharedState.class)) {
            List<String> sent = new CopyOnWriteArrayList<>();
            List<String> problems = new CopyOnWriteArrayList<>();
            AtomicInteger slowest = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int port = t % 2 == 0 ? a.gateway.port() : b.port();
                Thread th = new Thread(() -> {
                    while (running.get()) {
                        String n = body();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = notify(port, n);
                            slowest.accumulateAndGet(
                                    (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
                            if (!ACK.equals(r.body())) {
                                problems.add(r.statusCode() + " " + r.body());
                            }
                            sent.add(n);
                        } catch (Exception e) {
                            problems.add(e.toString());
                        }
                    }
                });
                th.start();
                load.add(th);
            }
            await(() -> sent.size() >= 20, "load running");
            redis.stopProcess();
            int atStop = sent.size();
            await(() -> sent.size() >= atStop + 40, "notifications acknowledged while Redis is down");
            await(() -> !a.gateway.sharedState().connected(), "A sees Redis down");
            assertThat(metric(a.gateway.adminPort(), "gateway_shared_state_unavailable"))
                    .isEqualTo(1);
            redis.startProcess();
            await(
                    () -> a.gateway.sharedState().connected() && b.sharedState().connected(),
                    "both reconnect by themselves");
            int atRestart = sent.size();
            await(() -> sent.size() >= atRestart + 20, "load after the restart");
            running.set(false);
            for (Thread th : load) {
                th.join(30_000);
            }
            assertThat(problems)
                    .as("every notification acknowledged, none lost")
                    .isEmpty();
            assertThat(slowest.get()).as("no call waited long (ms)").isLessThan(5_000);
            for (String n : sent) {
                assertThat(delivered(n))
                        .as("each forwarded exactly once: %s", n)
                        .isEqualTo(1);
            }
            double fallbacks = metric(a.gateway.adminPort(), "gateway_shared_state_fallbacks_total{use=\"dedup\"}")
                    + metric(b.adminPort(), "gateway_shared_state_fallbacks_total{use=\"dedup\"}");
            assertThat(fallbacks)
                    .as("decisions taken per replica while Redis was down")
                    .isPositive();
            assertThat(log.find(Level.WARN, "unavailable for dedup"))
                    .as("one warning per replica and outage, not one per call")
                    .hasSizeBetween(1, 2);
            assertThat(log.find(Level.INFO, "answers again for dedup")).hasSizeBetween(1, 2);

            // Shared again after the recovery.
            String after = body();
            assertThat(notify(a.gateway.port(), after).body()).isEqualTo(ACK);
            assertThat(notify(b.port(), after).body()).isEqualTo(ACK);
            assertThat(delivered(after)).isEqualTo(1);
        }
    }

    @Test
    void redisWithAPasswordAndAnAclUser() throws Exception {
        Path password = Files.writeString(dir.resolve("redis-password"), "s3cret-Pa55\n");
        Path acl = Files.writeString(
                dir.resolve("users.acl"),
                "user default on >not-this-one ~* &* +@all\n" + "user gateway on >s3cret-Pa55 ~ams-gateway:* +@all\n");
        RedisServer redis = RedisServer.start(dir, "--aclfile", acl.toString());
        start(redis, "uri = \"" + redis.uri() + "\", username = gateway, password-file = \"" + password + "\"");
        String body = body();
        assertThat(notify(a.gateway.port(), body).body()).isEqualTo(ACK);
        assertThat(notify(b.port(), body).body()).isEqualTo(ACK);
        assertThat(delivered(body)).isEqualTo(1);
        assertThat(metric(a.gateway.adminPort(), "gateway_shared_state_fallbacks_total{use=\"dedup\"}"))
                .isZero();
    }

    @Test
    void aWrongPasswordKeepsServingPerReplicaAndSaysSoOnce() throws Exception {
        Path password = Files.writeString(dir.resolve("redis-password"), "wrong");
        RedisServer redis = RedisServer.start(dir, "--requirepass", "right");
        open.add(redis);
        try (LogCapture log = new LogCapture(SharedState.class)) {
            a = GatewayFixture.start(
                    dir,
                    s -> s.alipayPrivateKey((alipay = GatewayFixture.rsa()).getPrivate()),
                    "gateway.shared-state { type = redis, redis { uri = \"" + redis.uri() + "\", password-file = \""
                            + password + "\" } }\n");
            open.add(a);
            HttpResponse<String> ready = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.gateway.adminPort() + "/readyz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode())
                    .as("readiness does not depend on Redis")
                    .isEqualTo(200);
            await(() -> !log.find(Level.WARN, "unavailable for connect").isEmpty(), "the failure said");
            assertThat(log.find(Level.WARN, "unavailable for connect").get(0).message())
                    .as("the cause is named, the password is not")
                    .contains("WRONGPASS")
                    .doesNotContain("wrong")
                    .doesNotContain("right");
            assertThat(a.gateway.sharedState().connected()).isFalse();
        }
    }
}
