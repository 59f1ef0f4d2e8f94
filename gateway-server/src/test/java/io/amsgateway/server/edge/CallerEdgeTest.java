package io.amsgateway.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallExit;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallRecord;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.GatewayRequest;
import io.amsgateway.server.caller.CallerConnection;
import io.amsgateway.server.caller.ListenerKind;
import io.amsgateway.server.config.ListenerConfig;
import io.amsgateway.server.profile.TestProfiles;
import io.amsgateway.server.proxy.ProxyService;
import io.amsgateway.server.upstream.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps on their own: what a network listener's anonymous caller gets, and the reload's start-up rule. */
class CallerEdgeTest {
    static final String PAY = "/ams/api/v1/payments/pay";
    static final ListenerConfig NETWORK = new ListenerConfig("0.0.0.0", 8080, 1 << 20, Duration.ofSeconds(60));

    @TempDir
    Path dir;

    final List<UpstreamRequest> sent = new CopyOnWriteArrayList<>();
    final List<CallRecord> records = new CopyOnWriteArrayList<>();
    TestProfiles profiles;

    @AfterEach
    void close() {
        if (profiles != null) {
            profiles.close();
        }
    }

    CallerEdge edge(String hocon) {
        profiles = new TestProfiles(
                dir,
                r -> {
                    sent.add(r);
                    return CompletableFuture.failedFuture(
                            new GatewayException(ErrorCode.UPSTREAM_CONNECT_FAILED, "no Alipay in this test"));
                },
                hocon);
        return new CallerEdge(profiles.cfg.edge(), NETWORK, true, io.amsgateway.server.shared.SharedState.memory());
    }

    /** One call from a network listener with no certificate, answered through the exit. */
    CallRecord call(CallerEdge edge, String authorization) {
        CallHandler h = edge.inFrontOf(new ProxyService(profiles.registry, System::currentTimeMillis));
        CallContext call = new CallContext(Runnable::run);
        call.connection(new CallerConnection(ListenerKind.NETWORK, "tcp", "10.0.0.7:51234", null));
        GatewayRequest req = new GatewayRequest(
                "POST",
                PAY,
                TestProfiles.CLIENT_ID,
                null,
                null,
                null,
                "{\"paymentRequestId\":\"p-1\"}".getBytes(StandardCharsets.UTF_8),
                null,
                null,
                authorization);
        CompletableFuture<CallResult> f = CallHandler.invoke(h, call, req);
        Throwable e = f.handle((r, x) -> x).join();
        new CallExit(records::add).finish(call, null, Futures.unwrap(e));
        return records.get(records.size() - 1);
    }

    @Test
    void anAnonymousCallerOnANetworkListenerIsUnauthenticatedOnceRulesExist() {
        CallerEdge edge = edge("gateway.callers.rules = [ { caller = \"*\", profiles = [\"*\"], apis = [\"*\"] } ]\n");
        CallRecord r = call(edge, null);
        assertThat(r.response().status()).isEqualTo(401);
        assertThat(r.response().error()).isEqualTo(ErrorCode.CALLER_UNAUTHENTICATED);
        assertThat(r.audit().decision()).isEqualTo("unauthenticated");
        assertThat(r.audit().caller().identity()).isEqualTo("anonymous");
        assertThat(r.audit().caller().remoteAddress()).isEqualTo("10.0.0.7:51234");
        assertThat(r.audit().ids().paymentRequestId()).isEqualTo("p-1");
        assertThat(sent).isEmpty();
    }

    @Test
    void reportModeLetsTheAnonymousCallerThroughAndSaysSo() {
        CallerEdge edge = edge("gateway.callers { mode = report, rules = [ { caller = \"*\", profiles = [\"*\"],"
                + " apis = [\"*\"] } ] }\n");
        CallRecord r = call(edge, null);
        assertThat(sent).as("let through to Alipay").hasSize(1);
        assertThat(r.audit().decision()).isEqualTo("would-be-unauthenticated");
        assertThat(r.response().error()).isEqualTo(ErrorCode.UPSTREAM_CONNECT_FAILED);
    }

    @Test
    void aReloadThatWouldLeaveANetworkListenerWithoutRulesKeepsTheRules() {
        CallerEdge edge = edge(
                "gateway.callers.rules = [ { caller = \"*\", profiles = [\"*\"], apis = [\"payments/inquiry*\"] } ]\n");
        var open = new io.amsgateway.server.config.EdgeConfig(
                profiles.cfg.edge().tls(),
                profiles.cfg.edge().unixSocket(),
                profiles.cfg.edge().readTimeout(),
                io.amsgateway.server.config.CallersConfig.NONE,
                profiles.cfg.edge().limits());
        List<String> lines = edge.apply(open);
        assertThat(String.join("\n", lines))
                .contains("gateway.callers not applied")
                .contains("0.0.0.0");
        assertThat(edge.policy().hasRules()).isTrue();
        assertThat(edge.apply(open)).as("still refused, and said again").isNotEmpty();
    }

    @Test
    void aPermitIsGivenBackOnceWhenTheAnswerLeavesTheExit() {
        CallerEdge edge = edge("gateway.callers.tokens = [ { name = a, sha256 = \""
                + "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\" } ]\n"
                + "gateway.callers.rules = [ { caller = \"token:a\", profiles = [\"*\"], apis = [\"*\"] } ]\n"
                + "gateway.limits.per-caller.max-in-flight = 1\n");
        CallRecord r = call(edge, "Bearer a");
        assertThat(r.audit().caller().identity()).isEqualTo("token:a");
        assertThat(r.audit().decision()).isEqualTo("allowed");
        assertThat(edge.limits().inFlightOfCaller("token:a")).isZero();
        assertThat(call(edge, "Bearer a").audit().decision())
                .as("the place is free again")
                .isEqualTo("allowed");
    }
}
