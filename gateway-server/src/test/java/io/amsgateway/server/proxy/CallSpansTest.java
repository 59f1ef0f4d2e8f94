package io.amsgateway.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallExit;
import io.amsgateway.server.call.CallHandler;
import io.amsgateway.server.call.CallResult;
import io.amsgateway.server.call.CallTrace;
import io.amsgateway.server.call.GatewayResponse;
import io.amsgateway.server.profile.TestProfiles;
import io.amsgateway.server.tracing.OtelCallTracer;
import io.amsgateway.server.upstream.UpstreamRequest;
import io.amsgateway.server.upstream.UpstreamResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spans of an AMS call, exported to the OpenTelemetry SDK's in-memory exporter: a call span
 * (child of the caller's traceparent) with key lookup, sign, upstream and verify below it.
 */
class CallSpansTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00f067aa0ba902b7";

    @TempDir
    Path dir;

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    OtelCallTracer tracer;
    ProxyServiceTest base;
    ProxyService service;
    final CallExit exit = new CallExit(record -> {});
    volatile Function<UpstreamRequest, CompletableFuture<UpstreamResponse>> alipay;

    @BeforeEach
    void start() {
        tracer = OtelCallTracer.with(
                SimpleSpanProcessor.create(spans), Sampler.parentBased(Sampler.alwaysOn()), "ams-gateway-test");
        base = new ProxyServiceTest();
        base.dir = dir;
        base.alipay = r -> alipay.apply(r);
        base.service();
        alipay = base::signedAnswer;
        service = new ProxyService(base.profiles.registry, () -> ProxyServiceTest.NOW, tracer);
    }

    @AfterEach
    void stop() {
        tracer.close();
        base.close();
    }

    GatewayResponse call(CallContext call) {
        CompletableFuture<CallResult> f = CallHandler.invoke(
                service,
                call,
                ProxyServiceTest.request("POST", ProxyServiceTest.PAY, TestProfiles.CLIENT_ID, ProxyServiceTest.BODY));
        return f.handle((r, e) -> exit.finish(call, r, e)).join();
    }

    Map<String, SpanData> byName() {
        return spans.getFinishedSpanItems().stream().collect(Collectors.toMap(SpanData::getName, s -> s));
    }

    @Test
    void aCallIsOneSpanWithAChildPerStopContinuingTheCallersTrace() {
        CallContext call = new CallContext(Runnable::run, "req-1", "00-" + TRACE + "-" + PARENT + "-01");
        GatewayResponse answer = call(call);
        assertThat(answer.status()).isEqualTo(200);

        Map<String, SpanData> s = byName();
        assertThat(s.keySet())
                .containsExactlyInAnyOrder(
                        OtelCallTracer.CALL_SPAN,
                        CallTrace.KEY_LOOKUP,
                        CallTrace.SIGN,
                        CallTrace.UPSTREAM,
                        CallTrace.VERIFY);
        SpanData root = s.get(OtelCallTracer.CALL_SPAN);
        assertThat(root.getTraceId()).as("the caller's trace").isEqualTo(TRACE);
        assertThat(root.getParentSpanId()).as("the caller's span").isEqualTo(PARENT);
        assertThat(root.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(root.getAttributes().get(AttributeKey.stringKey("ams.profile")))
                .isEqualTo("sandbox");
        assertThat(root.getAttributes().get(AttributeKey.stringKey("ams.api"))).isEqualTo("payments/pay");
        assertThat(root.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(200L);
        assertThat(root.getAttributes().get(AttributeKey.stringKey("http.request.id")))
                .isEqualTo("req-1");
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        for (String child : List.of(CallTrace.KEY_LOOKUP, CallTrace.SIGN, CallTrace.UPSTREAM, CallTrace.VERIFY)) {
            SpanData c = s.get(child);
            assertThat(c.getTraceId()).isEqualTo(TRACE);
            assertThat(c.getParentSpanId())
                    .as("%s is a child of the call", child)
                    .isEqualTo(root.getSpanId());
            assertThat(c.getStartEpochNanos()).isGreaterThanOrEqualTo(root.getStartEpochNanos());
            assertThat(c.getEndEpochNanos()).isLessThanOrEqualTo(root.getEndEpochNanos());
        }
        assertThat(s.get(CallTrace.UPSTREAM).getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(s.get(CallTrace.SIGN).getEndEpochNanos())
                .isLessThanOrEqualTo(s.get(CallTrace.UPSTREAM).getStartEpochNanos());
        assertThat(s.get(CallTrace.UPSTREAM).getEndEpochNanos())
                .isLessThanOrEqualTo(s.get(CallTrace.VERIFY).getStartEpochNanos());
        assertThat(call.traceId()).isEqualTo(TRACE);
        assertThat(root.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey))
                .as("no body, header value or key in the attributes")
                .allMatch(k -> k.startsWith("ams.") || k.startsWith("http.") || k.startsWith("error."));
    }

    @Test
    void aForgedAnswerFailsTheVerifySpanAndTheCall() {
        alipay = r -> CompletableFuture.completedFuture(
                base.answer(r, ProxyServiceTest.ANSWER, ProxyServiceTest.ANSWER.replace("\"S\"", "\"F\"")));
        CallContext call = new CallContext(Runnable::run);
        GatewayResponse answer = call(call);
        assertThat(answer.status()).isEqualTo(502);

        Map<String, SpanData> s = byName();
        SpanData root = s.get(OtelCallTracer.CALL_SPAN);
        assertThat(root.getParentSpanContext().isValid())
                .as("no traceparent: a new trace")
                .isFalse();
        assertThat(call.traceId()).isEqualTo(root.getTraceId());
        assertThat(root.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(root.getAttributes().get(AttributeKey.stringKey("ams.error_code")))
                .isEqualTo("RESPONSE_SIGNATURE_INVALID");
        assertThat(s.get(CallTrace.VERIFY).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(s.get(CallTrace.UPSTREAM).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void anUnsampledCallerTraceIsFollowedButItsIdsStillReachTheLogs() {
        CallContext call = new CallContext(Runnable::run, null, "00-" + TRACE + "-" + PARENT + "-00");
        assertThat(call(call).status()).isEqualTo(200);
        assertThat(spans.getFinishedSpanItems()).as("the caller did not sample").isEmpty();
        assertThat(call.traceId()).isEqualTo(TRACE);
    }
}
