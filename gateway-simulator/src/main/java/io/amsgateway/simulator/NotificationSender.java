package io.amsgateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amsgateway.core.protocol.AlipayResult;
import io.amsgateway.simulator.ams.Payment;
import io.amsgateway.simulator.ams.PaymentListener;
import io.amsgateway.simulator.ams.PaymentStatus;
import io.amsgateway.simulator.ams.ResultCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifyPayment (docs/protocol.md, "Notifications") when a payment that named a {@code paymentNotifyUrl}
 * reaches a final status: a POST signed with the Alipay key over the notify URL's path and query,
 * with {@code client-id}, {@code request-time} and {@code signature}, re-signed with a fresh time
 * for each attempt. It retries on {@link RetrySchedule} until the answer is HTTP 200 with the
 * acknowledgement {@code {"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":
 * "success"}}} (compared as JSON: every field exact, whitespace free), then stops.
 *
 * <p>Nothing blocks: the JDK {@link HttpClient} sends asynchronously and retries are scheduled on a
 * single scheduler thread. At most {@code maxPending} notifications are in flight; beyond that new
 * ones are dropped and counted, so memory stays bounded under load.
 */
final class NotificationSender implements PaymentListener {
    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ResponseSigner signer;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final RetrySchedule schedule;
    private final SimulatorStats stats;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();

    NotificationSender(
            ResponseSigner signer,
            HttpClient client,
            ScheduledExecutorService scheduler,
            RetrySchedule schedule,
            SimulatorStats stats,
            int maxPending) {
        this.signer = signer;
        this.client = client;
        this.scheduler = scheduler;
        this.schedule = schedule;
        this.stats = stats;
        this.maxPending = maxPending;
    }

    /** Notifications not yet acknowledged or abandoned. */
    int pending() {
        return pending.get();
    }

    @Override
    public void paymentFinished(Payment payment) {
        String url = payment.notifyUrl();
        if (url == null) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            log.info("not notifying payment {}: paymentNotifyUrl is not a usable http(s) URL", payment.paymentId());
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            stats.notificationsDropped.increment();
            log.warn("dropping notification for payment {}: {} already pending", payment.paymentId(), maxPending);
            return;
        }
        Delivery d = new Delivery(uri, target(uri), payment.clientId(), body(payment));
        schedule(d, 0);
    }

    private record Delivery(URI uri, String target, String clientId, byte[] body) {}

    private void schedule(Delivery d, int attempt) {
        try {
            scheduler.schedule(() -> send(d, attempt), schedule.delayMillis(attempt), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            pending.decrementAndGet();
        }
    }

    private void send(Delivery d, int attempt) {
        try {
            sendOnce(d, attempt);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            stats.notificationsAbandoned.increment();
            log.warn("notification to {} abandoned: it could not be sent", d.uri(), e);
        }
    }

    private void sendOnce(Delivery d, int attempt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", AmsService.JSON_UTF8);
        signer.sign(d.target(), d.clientId(), d.body(), headers, "request-time", false, false);
        HttpRequest.Builder req =
                HttpRequest.newBuilder(d.uri()).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        headers.forEach(req::header);
        stats.notificationAttempts.increment();
        client.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((res, err) -> {
            if (err == null && isAck(res)) {
                pending.decrementAndGet();
                stats.notificationsDelivered.increment();
            } else if (attempt + 1 < schedule.attempts()) {
                schedule(d, attempt + 1);
            } else {
                pending.decrementAndGet();
                stats.notificationsAbandoned.increment();
                log.info("notification to {} abandoned after {} attempts", d.uri(), schedule.attempts());
            }
        });
    }

    static boolean isAck(HttpResponse<byte[]> res) {
        if (res.statusCode() != 200) {
            return false;
        }
        try {
            JsonNode result = JSON.readTree(res.body()).path("result");
            AlipayResult ack = AlipayResult.NOTIFICATION_ACK;
            return ack.resultCode().equals(result.path("resultCode").asText(null))
                    && ack.resultStatus()
                            .name()
                            .equals(result.path("resultStatus").asText(null))
                    && ack.resultMessage().equals(result.path("resultMessage").asText(null));
        } catch (IOException e) {
            return false;
        }
    }

    /** The signed request-target: the notify URL's raw path (or "/") and query. */
    static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The notifyPayment body, shaped as in Alipay's reference. */
    static byte[] body(Payment p) {
        ObjectNode out = JSON.createObjectNode();
        out.put("notifyType", "PAYMENT_RESULT");
        boolean success = p.status() == PaymentStatus.SUCCESS;
        out.set(
                "result",
                ResultCodes.body(success ? ResultCodes.SUCCESS : ResultCodes.USER_BALANCE_NOT_ENOUGH)
                        .get("result"));
        out.put("paymentRequestId", p.paymentRequestId());
        out.put("paymentId", p.paymentId());
        p.amount().writeTo(out.putObject("paymentAmount"));
        out.put("paymentCreateTime", p.createTime());
        if (success) {
            out.put("paymentTime", Objects.requireNonNull(p.paymentTime()));
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing a tree to memory", e);
        }
    }
}
