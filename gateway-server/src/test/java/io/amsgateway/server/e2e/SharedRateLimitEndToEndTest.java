package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.assertGatewayError;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static io.amsgateway.server.e2e.SharedNotificationsTest.await;
import static io.amsgateway.server.e2e.SharedNotificationsTest.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.server.GatewayServer;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.shared.RedisServer;
import io.amsgateway.simulator.LeakCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-merchant rate marked {@code shared = true} holds across two gateway replicas that share
 * one real {@code redis-server} (started here on an ephemeral loopback port) under concurrent
 * load at both: the simulator accepts at most what one bucket allows (burst + rate x time), about
 * half of what the two replicas would have admitted with a bucket each, and every refusal is a 429
 * {@code GATEWAY_RATE_LIMITED} (F) with Retry-After, counted and audited.
 */
@ExtendWith(LeakCheck.class)
class SharedRateLimitEndToEndTest {
    static final int RATE = 20;
    static final int BURST = 20;
    static final long LOAD_MILLIS = 3_000;
    static final int CALLERS_PER_REPLICA = 4;

    @TempDir
    Path dir;

    final List<AutoCloseable> open = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** The calls at one replica: answers that were verified successes, and refusals. */
    static final class Load {
        final int port;
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger limited = new AtomicInteger();
        final List<String> problems = new CopyOnWriteArrayList<>();

        Load(int port) {
            this.port = port;
        }

        void call(HttpClient http) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ams/api/v1/payments/pay"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(pay(id(), "7"), StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 200 && r.body().contains("\"resultStatus\":\"S\"")) {
                    ok.incrementAndGet();
                    return;
                }
                assertGatewayError(r, 429, "GATEWAY_RATE_LIMITED", "F");
                // A token comes back every 1/RATE s: the wait rounds up to one second.
                assertThat(r.headers().firstValue("Retry-After")).as(r.body()).hasValue("1");
                limited.incrementAndGet();
            } catch (Exception | AssertionError e) {
                if (problems.size() < 10) {
                    problems.add(e.toString());
                }
            }
        }

        int offered() {
            return ok.get() + limited.get();
        }
    }

    @Test
    void aSharedPerMerchantRateHoldsAcrossTwoReplicasUnderConcurrentLoad() throws Exception {
        RedisServer redis = RedisServer.start(dir);
        open.add(redis);
        // command-timeout 2s, not the 250 ms default: the test machine runs several builds on two
        // cores, where a stall would make a replica decide alone (checked below: no fallbacks).
        GatewayFixture a = GatewayFixture.start(
                dir,
                s -> {},
                "gateway.limits.per-profile { rate = " + RATE + ", burst = " + BURST + ", shared = true }\n"
                        + "gateway.shared-state { type = redis, expected-replicas = 2, redis { uri = \""
                        + redis.uri() + "\", command-timeout = 2s } }\n");
        open.add(a);
        List<CallRecord> callsB = new CopyOnWriteArrayList<>();
        GatewayServer b = GatewayServer.start(a.config(""), callsB::add);
        open.add(() -> b.drain(Duration.ofSeconds(2)));
        await(() -> a.gateway.sharedState().connected() && b.sharedState().connected(), "both replicas connected");

        Load atA = new Load(a.gateway.port());
        Load atB = new Load(b.port());
        // One call through each first (connections to the simulator opened, the bucket in Redis
        // created); the bucket holds at most BURST whenever the load starts.
        atA.call(http);
        atB.call(http);
        assertThat(atA.problems).isEmpty();
        assertThat(atB.problems).isEmpty();
        assertThat(atA.ok.get() + atB.ok.get())
                .as("the first calls are admitted")
                .isEqualTo(2);
        atA.ok.set(0);
        atB.ok.set(0);
        long before = a.accepted(1);

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 2 * CALLERS_PER_REPLICA; i++) {
            Load load = i % 2 == 0 ? atA : atB;
            Thread t = new Thread(
                    () -> {
                        while (running.get()) {
                            load.call(http);
                        }
                    },
                    "load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Thread.sleep(LOAD_MILLIS); // the load's duration, not a wait for a condition
        running.set(false);
        long stopped = System.nanoTime();
        for (Thread t : threads) {
            t.join(30_000);
            assertThat(t.isAlive()).as("a caller still waits for an answer").isFalse();
        }
        // Every decision was taken between t0 and now.
        double seconds = (System.nanoTime() - t0) / 1e9;
        double loadSeconds = (stopped - t0) / 1e9;

        assertThat(atA.problems)
                .as("answers at A that are neither a success nor a 429")
                .isEmpty();
        assertThat(atB.problems)
                .as("answers at B that are neither a success nor a 429")
                .isEmpty();
        long accepted = a.accepted(1) - before;
        int admitted = atA.ok.get() + atB.ok.get();
        assertThat(accepted)
                .as("the simulator accepted exactly the calls the replicas admitted, no refused one")
                .isEqualTo(admitted);

        // One bucket: at most BURST at the start plus RATE per second since. +2 (as in
        // RedisRateLimiterTest): the bound is floored from the test's nanosecond clock, while each
        // replica's Bucket4j refills by its own millisecond wall clock; a token per replica covers
        // the rounding between the two.
        long bound = (long) Math.floor(BURST + RATE * seconds);
        long unshared = 2 * bound;
        System.out.printf(
                "shared rate %d/s burst %d, two replicas, %.2f s: simulator accepted %d (A %d, B %d), bound %d,"
                        + " unshared %d; offered A %d, B %d%n",
                RATE,
                BURST,
                seconds,
                accepted,
                atA.ok.get(),
                atB.ok.get(),
                bound,
                unshared,
                atA.offered(),
                atB.offered());
        assertThat(atA.offered())
                .as(
                        "A alone was offered more than the shared bound: with a bucket of its own it would have"
                                + " admitted about %d",
                        bound)
                .isGreaterThan((int) bound);
        assertThat(atB.offered())
                .as(
                        "B alone was offered more than the shared bound: with a bucket of its own it would have"
                                + " admitted about %d",
                        bound)
                .isGreaterThan((int) bound);
        assertThat(atA.ok.get()).as("A admitted some").isPositive();
        assertThat(atB.ok.get()).as("B admitted some").isPositive();
        assertThat(accepted)
                .as(
                        "accepted in %.2f s at both replicas: at most burst + rate x time (%d), where a bucket per"
                                + " replica would admit about %d",
                        seconds, bound, unshared)
                .isLessThanOrEqualTo(bound + 2)
                .isLessThan(unshared * 6 / 10)
                // and the limit is used, not refused wholesale: burst + rate x the load's time, 80 %
                .isGreaterThanOrEqualTo((long) ((BURST + RATE * loadSeconds) * 8 / 10));

        String fallbacks = "gateway_shared_state_fallbacks_total{use=\"rate-limit\"}";
        assertThat(metric(http, a.gateway.adminPort(), fallbacks) + metric(http, b.adminPort(), fallbacks))
                .as("every decision was taken in Redis, none by a replica alone")
                .isZero();

        // Every refusal counted and audited once, at the replica that refused it.
        assertRefusalsCountedAndAudited("A", a.gateway.adminPort(), a.calls, atA);
        assertRefusalsCountedAndAudited("B", b.adminPort(), callsB, atB);
    }

    void assertRefusalsCountedAndAudited(String replica, int adminPort, List<CallRecord> records, Load load)
            throws Exception {
        int refused = load.limited.get();
        assertThat(refused).as("%s refused some", replica).isPositive();
        await(() -> refusals(records) >= refused, replica + " audited its refusals");
        assertThat(refusals(records))
                .as("%s: audit records of refusals", replica)
                .isEqualTo(refused);
        String series = "gateway_caller_decisions_total{decision=\"rate-limited\"}";
        assertThat(metric(http, adminPort, series))
                .as("%s: %s", replica, series)
                .isEqualTo(refused);
    }

    static long refusals(List<CallRecord> records) {
        return records.stream()
                .filter(c ->
                        c.audit() != null && "rate-limited".equals(c.audit().decision()))
                .count();
    }
}
