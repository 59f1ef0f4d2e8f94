package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Concurrent callers paying through a gateway without pause until closed: counts answers that are
 * verified successes and those that are not (keeping the first few), and, when given a readiness
 * probe, how often it said "not ready" while the load ran.
 */
final class CallLoad implements AutoCloseable {
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong unready = new AtomicLong();
    final List<String> firstFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    CallLoad(GatewayFixture f, int callers, BooleanSupplier ready) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < callers; i++) {
            threads.add(daemon("load-" + i, () -> {
                while (!stop.get()) {
                    call(f, client);
                }
            }));
        }
        threads.add(daemon("load-ready", () -> {
            while (!stop.get()) {
                if (!ready.getAsBoolean()) {
                    unready.incrementAndGet();
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }));
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void call(GatewayFixture f, HttpClient client) {
        try {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(f.uri("/ams/api/v1/payments/pay"))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(pay(id(), "7"), StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() == 200 && r.body().contains("\"resultStatus\":\"S\"")) {
                ok.incrementAndGet();
            } else {
                fail(r.statusCode() + " " + r.body());
            }
        } catch (Exception e) {
            if (!stop.get()) {
                fail(e.toString());
            }
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (firstFailures.size() < 5) {
            firstFailures.add(what);
        }
    }

    /** Waits until at least {@code more} further calls succeeded (the load is really running). */
    void awaitMore(long more) throws InterruptedException {
        long target = ok.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ok.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the load made no progress: " + firstFailures);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
