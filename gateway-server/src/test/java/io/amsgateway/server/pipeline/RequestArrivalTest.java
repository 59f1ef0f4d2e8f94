package io.amsgateway.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.config.ListenerConfig;
import io.amsgateway.server.config.RequestReadTimeout;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole caller pipeline ({@link CallerChannelInitializer}) on an {@link EmbeddedChannel} with
 * raw bytes in and out: order of answers, the request clock, the body budget, the connection cap.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.amsgateway.simulator.LeakCheck.class)
class RequestArrivalTest {
    static final String ANSWER =
            "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"ok\"}}";

    final List<CallRecord> recorded = new CopyOnWriteArrayList<>();
    final GatewayState state = new GatewayState(new GatewayMetrics("test"));
    final List<String> served = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<CallResult>> pending = new CopyOnWriteArrayList<>();

    /** Answers each call later, with its own path in the body, when the test completes it. */
    final CallHandler later = (call, req) -> {
        served.add(req.uri());
        call.profile("sandbox");
        CompletableFuture<CallResult> f = new CompletableFuture<>();
        pending.add(f);
        return f.thenApply(x -> x);
    };

    EmbeddedChannel channel(CallHandler handler, EdgeBudget budget) {
        ListenerConfig listener = new ListenerConfig("127.0.0.1", 0, 64, Duration.ofSeconds(60));
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline()
                .addLast(new CallerChannelInitializer(
                        Routes.of(handler),
                        state,
                        listener,
                        new RequestReadTimeout(Duration.ofSeconds(10), Duration.ofSeconds(30)),
                        budget,
                        recorded::add,
                        new DefaultChannelGroup(GlobalEventExecutor.INSTANCE)));
        ch.pipeline().fireChannelActive();
        return ch;
    }

    EmbeddedChannel channel(CallHandler handler) {
        return channel(handler, new EdgeBudget(100, 1 << 20));
    }

    static String request(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: g\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    static String written(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    static List<String> statusLines(String text) {
        List<String> lines = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [^\r]*").matcher(text);
        while (m.find()) {
            lines.add(m.group());
        }
        return lines;
    }

    static CallResult answer(String marker) {
        return new CallResult.Verified(ANSWER.replace("ok", marker).getBytes(StandardCharsets.UTF_8), 1);
    }

    @Test
    void requestsPipelinedInOneReadAreServedOneAtATimeAndAnsweredInOrder() {
        EmbeddedChannel ch = channel(later);
        send(
                ch,
                request("/ams/api/v1/a/one", "{}")
                        + request("/ams/api/v1/a/two", "{}")
                        + request("/ams/api/v1/a/three", "{}"));

        assertThat(served).as("the second waits for the first's answer").containsExactly("/ams/api/v1/a/one");
        assertThat(written(ch)).isEmpty();
        pending.get(0).complete(answer("one"));
        assertThat(served).containsExactly("/ams/api/v1/a/one", "/ams/api/v1/a/two");
        pending.get(1).complete(answer("two"));
        pending.get(2).complete(answer("three"));

        String out = written(ch);
        assertThat(statusLines(out)).hasSize(3).allMatch(l -> l.startsWith("HTTP/1.1 200"));
        assertThat(out.indexOf("\"one\"")).isLessThan(out.indexOf("\"two\""));
        assertThat(out.indexOf("\"two\"")).isLessThan(out.indexOf("\"three\""));
        assertThat(ch.isOpen()).isTrue();
        assertThat(state.inFlight()).isZero();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aMalformedRequestAfterValidOnesIsRefusedOnlyAfterTheirAnswers() {
        EmbeddedChannel ch = channel(later);
        send(ch, request("/ams/api/v1/a/one", "{}") + "POST /ams/api/v1/a/two HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
        assertThat(written(ch)).isEmpty();
        assertThat(ch.isOpen()).isTrue();

        pending.get(0).complete(answer("one"));
        String out = written(ch);
        assertThat(statusLines(out)).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request");
        assertThat(out).contains("GATEWAY_INVALID_REQUEST");
        assertThat(ch.isOpen()).as("closed after the refusal").isFalse();
        assertThat(recorded).hasSize(2);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anOversizedBodyBehindACallInFlightIsRefusedInItsTurn() {
        EmbeddedChannel ch = channel(later);
        send(
                ch,
                request("/ams/api/v1/a/one", "{}")
                        + request("/ams/api/v1/a/two", "{\"x\":\"" + "y".repeat(100) + "\"}"));
        assertThat(written(ch)).as("no 413 before the first answer").isEmpty();
        pending.get(0).complete(answer("one"));
        assertThat(statusLines(written(ch)))
                .containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 413 Request Entity Too Large");
        assertThat(served).hasSize(1);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void moreThanTheBoundOfPipelinedRequestsIsRefusedAfterTheOthersAreAnswered() {
        EmbeddedChannel ch = channel(later);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < RequestArrival.MAX_PIPELINED + 3; i++) {
            many.append(request("/ams/api/v1/a/n" + i, "{}"));
        }
        send(ch, many.toString());
        for (int i = 0; i < RequestArrival.MAX_PIPELINED; i++) {
            assertThat(pending).hasSize(i + 1);
            pending.get(i).complete(answer("n" + i));
        }
        List<String> lines = statusLines(written(ch));
        assertThat(lines).hasSize(RequestArrival.MAX_PIPELINED + 1);
        assertThat(lines.subList(0, RequestArrival.MAX_PIPELINED)).allMatch(l -> l.startsWith("HTTP/1.1 200"));
        assertThat(lines.get(RequestArrival.MAX_PIPELINED)).startsWith("HTTP/1.1 400");
        assertThat(served).hasSize(RequestArrival.MAX_PIPELINED);
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aRequestTricklingInIsAnswered408AtItsDeadlineWhateverItsBytesDo() {
        EmbeddedChannel ch = channel(later);
        String whole = request("/ams/api/v1/a/one", "{}");
        for (int i = 0; i < 9; i++) {
            send(ch, whole.substring(i, i + 1)); // one byte a second: never idle
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(written(ch)).isEmpty();
        send(ch, whole.substring(9, 10));
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        String out = written(ch);
        assertThat(statusLines(out)).containsExactly("HTTP/1.1 408 Request Timeout");
        assertThat(out).contains("\"resultCode\":\"GATEWAY_REQUEST_TIMEOUT\",\"resultStatus\":\"F\"", "headers");
        assertThat(ch.isOpen()).isFalse();
        assertThat(served).isEmpty();
        assertThat(recorded)
                .singleElement()
                .satisfies(c -> assertThat(c.response().error()).isEqualTo(ErrorCode.REQUEST_TIMEOUT));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aBodyTricklingInIsAnswered408AtTheWholeDeadline() {
        EmbeddedChannel ch = channel(later);
        String whole = request("/ams/api/v1/a/one", "{\"a\":\"" + "b".repeat(40) + "\"}");
        int head = whole.indexOf("\r\n\r\n") + 4;
        send(ch, whole.substring(0, head));
        for (int i = 0; i < 29; i++) {
            send(ch, whole.substring(head + i, head + i + 1));
            ch.advanceTimeBy(1, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(written(ch)).isEmpty();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        String out = written(ch);
        assertThat(statusLines(out)).containsExactly("HTTP/1.1 408 Request Timeout");
        assertThat(out).contains("whole");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aSlowButInTimeRequestIsServedAndTheNextGetsAFreshClock() {
        EmbeddedChannel ch = channel(later);
        String whole = request("/ams/api/v1/a/one", "{}");
        int head = whole.indexOf("\r\n\r\n") + 4;
        send(ch, whole.substring(0, head - 1));
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        send(ch, whole.substring(head - 1, head));
        ch.advanceTimeBy(20, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        send(ch, whole.substring(head));
        assertThat(served).hasSize(1);
        // the call takes longer than both deadlines while the next request waits unread: not the caller's fault
        send(ch, "POST /ams/api/v1/a/two HTTP/1.1\r\n");
        ch.advanceTimeBy(40, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        pending.get(0).complete(answer("one"));
        send(ch, "Host: g\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(served).hasSize(2);
        pending.get(1).complete(answer("two"));
        assertThat(statusLines(written(ch))).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
        ch.advanceTimeBy(50, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen())
                .as("idle for less than the idle timeout; no clock runs")
                .isTrue();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void bodiesStillArrivingAreCappedAcrossConnections() {
        EdgeBudget budget = new EdgeBudget(100, 40);
        EmbeddedChannel a = channel(later, budget);
        EmbeddedChannel b = channel(later, budget);
        String body = "{\"a\":\"" + "b".repeat(20) + "\"}"; // 28 bytes
        String ra = request("/ams/api/v1/a/one", body);
        send(a, ra.substring(0, ra.length() - 2));
        assertThat(budget.bufferedBodyBytes()).isEqualTo(26);
        String rb = request("/ams/api/v1/a/two", body);
        send(b, rb.substring(0, rb.length() - 2));

        String refused = written(b);
        assertThat(statusLines(refused)).containsExactly("HTTP/1.1 503 Service Unavailable");
        assertThat(refused).contains("\"resultCode\":\"GATEWAY_OVERLOADED\",\"resultStatus\":\"F\"");
        assertThat(b.isOpen()).isFalse();

        send(a, ra.substring(ra.length() - 2));
        assertThat(budget.bufferedBodyBytes())
                .as("released once the body arrived")
                .isZero();
        assertThat(served).containsExactly("/ams/api/v1/a/one");
        pending.get(0).complete(answer("one"));
        assertThat(statusLines(written(a))).containsExactly("HTTP/1.1 200 OK");
        assertFalse(a.finishAndReleaseAll());
        assertFalse(b.finishAndReleaseAll());
        assertThat(budget.bufferedBodyBytes()).isZero();
    }

    @Test
    void aConnectionOverTheCapIsAnswered503AndClosed() {
        EdgeBudget budget = new EdgeBudget(1, 1 << 20);
        EmbeddedChannel first = channel(later, budget);
        EmbeddedChannel second = channel(later, budget);
        String out = written(second);
        assertThat(statusLines(out)).containsExactly("HTTP/1.1 503 Service Unavailable");
        assertThat(out).contains("GATEWAY_OVERLOADED", "max-connections");
        assertThat(second.isOpen()).isFalse();
        assertThat(budget.connections()).isEqualTo(1);
        assertThat(first.isOpen()).isTrue();
        assertFalse(first.finishAndReleaseAll());
        assertThat(budget.connections()).as("counted until closed").isZero();
        assertFalse(second.finishAndReleaseAll());
    }
}
