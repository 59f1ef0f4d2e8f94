package io.amsgateway.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.call.CallExit;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.CallStep;
import io.amsgateway.server.call.GatewayRequest;
import io.amsgateway.server.metrics.GatewayMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The edge handler on an {@link EmbeddedChannel}: routing, and one exit for every answer. */
class ProxyHandlerTest {
    static final String ANSWER =
            "{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"ok\"}}";

    final List<CallRecord> recorded = new CopyOnWriteArrayList<>();
    final List<GatewayRequest> amsCalls = new CopyOnWriteArrayList<>();
    final List<GatewayRequest> notifications = new CopyOnWriteArrayList<>();
    GatewayState state = new GatewayState(new GatewayMetrics("test"));

    CallHandler ams = (call, req) -> {
        amsCalls.add(req);
        call.profile("sandbox");
        call.api("payments/pay");
        call.upstreamNanos(5_000);
        return CompletableFuture.completedFuture(new CallResult.Verified(ANSWER.getBytes(StandardCharsets.UTF_8), 2));
    };

    CallHandler notify = (call, req) -> {
        notifications.add(req);
        call.api("notify");
        call.profile("sandbox");
        return CompletableFuture.completedFuture(new CallResult.Acknowledged(1));
    };

    EmbeddedChannel channel(CallHandler amsHandler) {
        Routes routes = Routes.of(amsHandler).withNotifications("/alipay/notify", notify);
        return new EmbeddedChannel(new ProxyHandler(routes, state, new AnswerWriter(new CallExit(recorded::add))));
    }

    static FullHttpRequest post(String uri, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set("Client-Id", "SANDBOX_1").set("Agent-Token", "agent");
        return r;
    }

    static String body(FullHttpResponse r) {
        return r.content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAmsCallIsRoutedDecodedAnsweredAndRecordedOnce() {
        EmbeddedChannel ch = channel(ams);
        ch.writeInbound(post("/ams/api/v1/payments/pay", "{}"));

        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(200);
            assertThat(body(r)).isEqualTo(ANSWER);
            assertThat(r.headers().get("X-Gateway-Verified-Key-Version")).isEqualTo("2");
            assertThat(r.headers().get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        } finally {
            r.release();
        }
        assertThat(amsCalls).singleElement().satisfies(req -> {
            assertThat(req.clientId()).isEqualTo("SANDBOX_1");
            assertThat(req.agentToken()).isEqualTo("agent");
            assertThat(new String(req.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        });
        assertThat(recorded).singleElement().satisfies(c -> {
            assertThat(c.response().profile()).isEqualTo("sandbox");
            assertThat(c.response().resultStatus()).isEqualTo("S");
            assertThat(c.response().upstreamNanos()).isEqualTo(5_000);
            assertThat(c.response().keyVersion()).isEqualTo(2);
        });
        assertThat(ch.isOpen()).as("keep-alive").isTrue();
        assertThat(state.inFlight()).isZero();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aNotificationPathGoesToTheNotificationHandler() {
        EmbeddedChannel ch = channel(ams);
        ch.writeInbound(post("/alipay/notify/payment?x=1", "{}"));
        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(200);
            assertThat(body(r)).contains("\"resultCode\":\"SUCCESS\"");
        } finally {
            r.release();
        }
        assertThat(notifications).hasSize(1);
        assertThat(amsCalls).isEmpty();
        assertThat(recorded)
                .singleElement()
                .satisfies(c -> assertThat(c.response().api()).isEqualTo("notify"));
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void failuresThrownOrFailedAndBugsAllLeaveAsAlipayShapedErrors() {
        for (CallHandler failing : List.<CallHandler>of(
                (call, req) ->
                        CompletableFuture.failedFuture(new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "no answer")),
                (call, req) -> {
                    throw new GatewayException(ErrorCode.UPSTREAM_TIMEOUT, "no answer");
                },
                (call, req) -> CompletableFuture.failedFuture(new IllegalStateException("secret=abc")))) {
            recorded.clear();
            EmbeddedChannel ch = channel(failing);
            ch.writeInbound(post("/ams/api/v1/payments/pay", "{}"));
            FullHttpResponse r = ch.readOutbound();
            try {
                assertThat(r.status().code()).isIn(504, 500);
                assertThat(body(r))
                        .startsWith("{\"result\":{\"resultCode\":\"GATEWAY_")
                        .doesNotContain("secret");
                assertThat(r.headers().get("X-Gateway-Error")).startsWith("GATEWAY_");
            } finally {
                r.release();
            }
            assertThat(recorded).hasSize(1);
            assertThat(recorded.get(0).response().error()).isIn(ErrorCode.UPSTREAM_TIMEOUT, ErrorCode.INTERNAL);
            assertThat(ch.isOpen()).isTrue();
            assertFalse(ch.finishAndReleaseAll());
        }
    }

    @Test
    void aStepsRefusalLeavesThroughTheSameExitAndTheServiceIsNotCalled() {
        CallStep refuse = (call, req, next) ->
                CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNKNOWN_CLIENT, "refused by a step"));
        EmbeddedChannel ch = channel(CallStep.chain(List.of(refuse), ams));
        ch.writeInbound(post("/ams/api/v1/payments/pay", "{}"));
        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(body(r)).contains("GATEWAY_UNKNOWN_CLIENT", "refused by a step");
        } finally {
            r.release();
        }
        assertThat(amsCalls).isEmpty();
        assertThat(recorded).hasSize(1);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void theAnswerWaitsForTheServiceAndReadingPausesMeanwhile() {
        CompletableFuture<CallResult> later = new CompletableFuture<>();
        EmbeddedChannel ch = channel((call, req) -> later);
        ch.writeInbound(post("/ams/api/v1/payments/pay", "{}"));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(state.inFlight()).isEqualTo(1);
        assertThat(recorded).isEmpty();

        later.complete(new CallResult.Verified(ANSWER.getBytes(StandardCharsets.UTF_8), 1));
        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(200);
        } finally {
            r.release();
        }
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(state.inFlight()).isZero();
        assertThat(recorded).hasSize(1);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anUndecodableRequestIsRefusedAndTheConnectionClosed() {
        EmbeddedChannel ch = channel(ams);
        FullHttpRequest bad = post("/ams/api/v1/payments/pay", "{}");
        bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));
        ch.writeInbound(bad);
        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(body(r)).contains("GATEWAY_INVALID_REQUEST");
        } finally {
            r.release();
        }
        assertThat(amsCalls).isEmpty();
        assertThat(recorded)
                .singleElement()
                .satisfies(c -> assertThat(c.response().profile()).isEqualTo("-"));
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void whileDrainingACallIsRefusedAndTheConnectionClosed() {
        EmbeddedChannel ch = channel(ams);
        state.startDraining();
        ch.writeInbound(post("/ams/api/v1/payments/pay", "{}"));
        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(503);
            assertThat(body(r)).contains("GATEWAY_SHUTTING_DOWN");
        } finally {
            r.release();
        }
        assertThat(amsCalls).isEmpty();
        assertThat(recorded).hasSize(1);
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void confusableTargetsAndTwoClientIdsAreRefusedBeforeAnyServiceAndTheConnectionStays() {
        for (String uri : List.of(
                "/ams/api/../../x",
                "/ams/api/v1/%2e%2e/payments/pay",
                "/ams/api/v1/payments%2Fpay",
                "/ams/api/v1/payments%5Cpay",
                "/ams/api/v1/payments\\pay",
                "/ams/api/v1/payments/pay;a=b",
                "/ams/api/v1/payments/pay#x",
                "/ams/api//v1/payments/pay",
                "http://example.com/ams/api/v1/payments/pay",
                "/alipay/notify/../../ams/api/v1/payments/pay")) {
            assertRefused400(post(uri, "{}"), uri);
        }
        FullHttpRequest twice = post("/ams/api/v1/payments/pay", "{}");
        twice.headers().add("Client-Id", "SANDBOX_2");
        assertRefused400(twice, "two Client-Id headers");
        assertThat(amsCalls).isEmpty();
        assertThat(notifications).isEmpty();
    }

    private void assertRefused400(FullHttpRequest request, String what) {
        recorded.clear();
        EmbeddedChannel ch = channel(ams);
        ch.writeInbound(request);
        FullHttpResponse r = ch.readOutbound();
        try {
            assertThat(r.status().code()).as(what).isEqualTo(400);
            assertThat(body(r)).as(what).contains("\"GATEWAY_INVALID_REQUEST\",\"resultStatus\":\"F\"");
        } finally {
            r.release();
        }
        assertThat(recorded).as(what).hasSize(1);
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void atTheEndOfADrainACallInFlightGetsTheGatewaysAnswerUIfSentFIfNot() {
        for (boolean sent : new boolean[] {true, false}) {
            recorded.clear();
            state = new GatewayState(new GatewayMetrics("test"));
            CompletableFuture<CallResult> never = new CompletableFuture<>();
            EmbeddedChannel ch = channel((call, req) -> {
                call.profile("sandbox");
                call.upstreamStarted(sent);
                return never;
            });
            ch.writeInbound(post("/ams/api/v1/payments/pay", "{}"));
            assertThat(state.inFlight()).isEqualTo(1);
            state.startDraining();

            var closed = state.abandonAll();
            ch.runPendingTasks();

            assertThat(closed).singleElement().satisfies(f -> assertThat(f.isDone())
                    .isTrue());
            FullHttpResponse r = ch.readOutbound();
            try {
                assertThat(r.status().code()).isEqualTo(503);
                assertThat(body(r))
                        .contains("\"resultCode\":\"GATEWAY_SHUTTING_DOWN\",\"resultStatus\":\"" + (sent ? "U" : "F"));
            } finally {
                r.release();
            }
            assertThat(ch.isOpen()).isFalse();
            assertThat(state.inFlight()).isZero();
            never.complete(new CallResult.Verified(ANSWER.getBytes(StandardCharsets.UTF_8), 1));
            ch.runPendingTasks();
            assertThat((Object) ch.readOutbound())
                    .as("a late outcome is not written")
                    .isNull();
            assertThat(recorded)
                    .as("recorded once, as the gateway's answer")
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.response().error()).isEqualTo(ErrorCode.SHUTTING_DOWN);
                        assertThat(c.response().resultStatus()).isEqualTo(sent ? "U" : "F");
                    });
            assertFalse(ch.finishAndReleaseAll());
        }
    }
}
