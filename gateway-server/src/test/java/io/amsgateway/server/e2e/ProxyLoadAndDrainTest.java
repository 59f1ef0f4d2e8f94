package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.server.upstream.AlipayUpstream;
import io.amsgateway.simulator.LeakCheck;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Keep-alive reuse, concurrency without errors, and the graceful drain. */
@ExtendWith(LeakCheck.class)
class ProxyLoadAndDrainTest {
    static AlipayUpstream upstream(GatewayFixture f) {
        return (AlipayUpstream) f.gateway.profiles().all().iterator().next().upstream();
    }

    @Test
    void sequentialCallsReuseUpstreamConnections(@TempDir Path dir) throws Exception {
        try (GatewayFixture f = GatewayFixture.start(dir)) {
            for (int i = 0; i < 40; i++) {
                assertThat(f.post("/ams/api/v1/payments/pay", pay(id(), "5")).statusCode())
                        .isEqualTo(200);
            }
            assertThat(upstream(f).openConnections())
                    .as("one keep-alive caller connection uses one pooled upstream connection")
                    .isEqualTo(1);
            assertThat(f.sim.state().get("requests").asLong()).isEqualTo(40);
        }
    }

    @Test
    void twoThousandCallsAt64ConcurrentCallersWithoutAnError(@TempDir Path dir) throws Exception {
        try (GatewayFixture f = GatewayFixture.start(
                dir,
                b -> {},
                // The fixture's profile sets 2 s itself; this test means 10 s (a loaded CI machine
                // must not turn slowness into 504s: the test is about errors, not latency).
                "gateway.profiles.sandbox.upstream.response-timeout = 10s")) {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            Semaphore callers = new Semaphore(64);
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                callers.acquire();
                HttpRequest req = HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(pay(id(), Integer.toString(1 + i % 97))))
                        .build();
                all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            callers.release();
                            if (e == null
                                    && r.statusCode() == 200
                                    && r.headers()
                                            .firstValue("X-Gateway-Verified-Key-Version")
                                            .isPresent()) {
                                ok.incrementAndGet();
                            } else if (failures.size() < 5) {
                                failures.add(e != null ? e.toString() : r.statusCode() + " " + r.body());
                            }
                        }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertThat(failures).as("first failures").isEmpty();
            assertThat(ok.get()).isEqualTo(2000);
            assertThat(upstream(f).openConnections())
                    .as("upstream connections stay within the pool bound (64 per event loop)")
                    .isBetween(1, 64 * Runtime.getRuntime().availableProcessors());
            assertThat(f.gateway.state().inFlight()).isZero();
            assertThat(f.calls)
                    .hasSize(2000)
                    .allSatisfy(c -> assertThat(c.response().error()).isNull());
        }
    }

    @Test
    void drainLetsInFlightCallsFinishAndRefusesNewOnes(@TempDir Path dir) throws Exception {
        GatewayFixture f = GatewayFixture.start(dir);
        try {
            CompletableFuture<HttpResponse<String>> slow = f.client.sendAsync(
                    HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                            .POST(HttpRequest.BodyPublishers.ofString(pay("FAULT_DELAY_1200_" + id(), "9")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (f.gateway.state().inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(f.gateway.state().inFlight())
                    .as("the slow call is in flight")
                    .isEqualTo(1);

            long start = System.nanoTime();
            f.gateway.drain(Duration.ofSeconds(5));
            long drainMs = (System.nanoTime() - start) / 1_000_000;

            HttpResponse<String> r = slow.get(5, TimeUnit.SECONDS);
            assertThat(r.statusCode())
                    .as("the in-flight call completed during the drain: " + r.body())
                    .isEqualTo(200);
            assertThat(r.headers().firstValue("Connection"))
                    .as("and its connection is closed")
                    .hasValue("close");
            assertThat(drainMs)
                    .as("drain waited for it, not for the whole timeout")
                    .isBetween(500L, 4500L);
            HttpClient fresh = HttpClient.newHttpClient();
            assertThatThrownBy(() -> fresh.send(
                            HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                                    .POST(HttpRequest.BodyPublishers.ofString(pay(id(), "1")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .as("no new connections after the drain")
                    .isInstanceOf(IOException.class);
        } finally {
            f.sim.close();
        }
    }
}
