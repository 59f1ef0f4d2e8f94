package io.amsgateway.server.e2e;

import static io.amsgateway.server.e2e.ProxyEndToEndTest.id;
import static io.amsgateway.server.e2e.ProxyEndToEndTest.pay;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A steady trickle of payment calls through a gateway (one every {@code periodMillis}, one at a
 * time), each recorded with when it started, how long it took and how it ended, while a test
 * breaks and mends the signer behind the gateway.
 */
final class SignerTrickle implements AutoCloseable {
    /** One call: started at {@code startNanos} (System.nanoTime), took {@code nanos}. */
    record Call(long startNanos, long nanos, int status, String body) {
        boolean ok() {
            return status == 200;
        }

        /** A gateway KEY_UNAVAILABLE answer with resultStatus F. */
        boolean keyUnavailableF() {
            return status == 503
                    && body.contains("\"resultCode\":\"GATEWAY_KEY_UNAVAILABLE\"")
                    && body.contains("\"resultStatus\":\"F\"");
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    SignerTrickle(GatewayFixture f, long periodMillis) {
        thread = new Thread(
                () -> {
                    while (!stop) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = f.post(VaultKeysEndToEndTest.PAY, pay(id(), "7"));
                            calls.add(new Call(start, System.nanoTime() - start, r.statusCode(), r.body()));
                        } catch (Exception e) {
                            calls.add(new Call(start, System.nanoTime() - start, -1, e.toString()));
                        }
                        long rest = TimeUnit.MILLISECONDS.toNanos(periodMillis) - (System.nanoTime() - start);
                        if (rest > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(rest);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                },
                "signer-trickle");
        thread.setDaemon(true);
        thread.start();
    }

    /** The calls that started at or after {@code fromNanos} and before {@code toNanos}. */
    List<Call> between(long fromNanos, long toNanos) {
        return calls.stream()
                .filter(c -> c.startNanos() >= fromNanos && c.startNanos() < toNanos)
                .toList();
    }

    /** The first successful call that started at or after {@code fromNanos}, or null. */
    Call firstSuccessAfter(long fromNanos) {
        return calls.stream()
                .filter(c -> c.startNanos() >= fromNanos && c.ok())
                .findFirst()
                .orElse(null);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join(30_000);
    }
}
