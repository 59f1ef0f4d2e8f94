package io.amsgateway.simulator;

import static io.amsgateway.simulator.SimFixture.CLIENT;
import static io.amsgateway.simulator.SimFixture.PAY;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.amsgateway.core.protocol.AlipayResult;
import io.amsgateway.core.protocol.MessageVerifier;
import io.amsgateway.core.protocol.SignedHeaders;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** notifyPayment: signed, retried on the (compressed) schedule until the exact acknowledgement. */
@ExtendWith(LeakCheck.class)
class NotificationsTest {
    @TempDir
    Path dir;

    SimFixture sim;
    HttpServer merchant;
    final AtomicInteger hits = new AtomicInteger();
    final List<String> verified = new CopyOnWriteArrayList<>();
    volatile int ackFromAttempt;

    @BeforeEach
    void start() throws Exception {
        sim = SimFixture.start(dir);
        merchant = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        merchant.createContext("/notify", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = hits.incrementAndGet();
            var h = exchange.getRequestHeaders();
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            MessageVerifier.verifyNotification(
                    target,
                    CLIENT,
                    new SignedHeaders(h.getFirst("client-id"), h.getFirst("request-time"), h.getFirst("signature")),
                    body,
                    sim.alipayKeys);
            verified.add(new String(body, StandardCharsets.UTF_8));
            byte[] answer = n >= ackFromAttempt
                    ? AlipayResult.NOTIFICATION_ACK.toJsonBytes()
                    : "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"ok\"}}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        merchant.start();
    }

    @AfterEach
    void stop() {
        merchant.stop(0);
        sim.close();
    }

    String notifyUrl() {
        return "http://127.0.0.1:" + merchant.getAddress().getPort() + "/notify?src=sim";
    }

    void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void retriesUntilTheExactAcknowledgement() throws Exception {
        ackFromAttempt = 3;
        Exchange ex = sim.post(
                PAY,
                "{\"paymentRequestId\":\"n-1\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"100\"},"
                        + "\"paymentNotifyUrl\":\"" + notifyUrl() + "\"}");
        assertThat(ex.resultCode()).isEqualTo("SUCCESS");
        await(() ->
                sim.simulator.state().path("notifications").path("delivered").asInt() == 1);
        Thread.sleep(300); // a fourth attempt would come 600 ms after the third
        assertThat(hits.get())
                .as("two wrong acknowledgements, then the right one")
                .isEqualTo(3);
        assertThat(verified).hasSize(3).allSatisfy(body -> assertThat(body)
                .startsWith("{\"notifyType\":\"PAYMENT_RESULT\",\"result\":{\"resultCode\":\"SUCCESS\"")
                .contains("\"paymentRequestId\":\"n-1\""));
        assertThat(sim.simulator.state().path("notifications").path("pending").asInt())
                .isZero();
    }

    @Test
    void notifiesFailedPaymentsAndNotProcessingOnes() throws Exception {
        ackFromAttempt = 1;
        sim.post(
                PAY,
                "{\"paymentRequestId\":\"n-2\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"9902\"},"
                        + "\"paymentNotifyUrl\":\"" + notifyUrl() + "\"}");
        sim.post(
                PAY,
                "{\"paymentRequestId\":\"n-3\",\"paymentAmount\":{\"currency\":\"USD\",\"value\":\"9901\"},"
                        + "\"paymentNotifyUrl\":\"" + notifyUrl() + "\"}");
        await(() -> hits.get() >= 1);
        Thread.sleep(200);
        assertThat(verified).hasSize(1);
        assertThat(verified.get(0)).contains("\"n-3\"").contains("USER_BALANCE_NOT_ENOUGH");
    }
}
