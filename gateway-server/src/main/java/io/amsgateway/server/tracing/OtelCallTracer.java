package io.amsgateway.server.tracing;

import io.amsgateway.core.concurrent.Futures;
import io.amsgateway.core.error.GatewayException;
import io.amsgateway.server.GatewayVersion;
import io.amsgateway.server.call.CallContext;
import io.amsgateway.server.call.CallTrace;
import io.amsgateway.server.call.CallTracer;
import io.amsgateway.server.call.GatewayResponse;
import io.amsgateway.server.call.TraceParent;
import io.amsgateway.server.config.TracingConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry {@link CallTracer}: a span per call ({@value #CALL_SPAN}, kind {@code SERVER},
 * child of the caller's valid {@code traceparent}, started at the call's arrival) with a child per
 * stop: {@link CallTrace#KEY_LOOKUP}, {@link CallTrace#SIGN}, {@link CallTrace#UPSTREAM} (kind
 * {@code CLIENT}) and {@link CallTrace#VERIFY}. Attributes are the profile, the API label, the HTTP status, the result status and the
 * gateway error code: never a body, a header value or key material.
 *
 * <p>Built on the SDK directly (no autoconfiguration, no global instance, no agent): a tracer
 * provider with a parent-based ratio sampler and a batch processor whose one daemon thread exports
 * over OTLP/HTTP with the JDK's HttpClient. Ending a span on an event loop only queues it; a full
 * queue drops spans rather than waiting. {@link #close()} flushes what is queued (bounded).
 */
public final class OtelCallTracer implements CallTracer, AutoCloseable {
    /** The name of a call's own span. */
    public static final String CALL_SPAN = "ams call";

    static final AttributeKey<String> PROFILE = AttributeKey.stringKey("ams.profile");
    static final AttributeKey<String> API = AttributeKey.stringKey("ams.api");
    static final AttributeKey<String> RESULT_STATUS = AttributeKey.stringKey("ams.result_status");
    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("ams.error_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("http.request.id");

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private OtelCallTracer(SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = provider.get("io.amsgateway", GatewayVersion.current());
    }

    /** Exports to {@code cfg}'s OTLP/HTTP endpoint; {@code cfg} must be enabled. */
    public static OtelCallTracer create(TracingConfig cfg) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(cfg.endpoint().toString())
                .setConnectTimeout(Duration.ofSeconds(2))
                .setTimeout(Duration.ofSeconds(5))
                .setRetryPolicy(null) // a lost batch is dropped: spans never hold anything up
                .build();
        return with(
                BatchSpanProcessor.builder(exporter).build(),
                Sampler.parentBased(Sampler.traceIdRatioBased(cfg.sampleRatio())),
                cfg.serviceName());
    }

    /** A tracer handing its spans to {@code processor} (tests pass an in-memory exporter's). */
    public static OtelCallTracer with(SpanProcessor processor, Sampler sampler, String serviceName) {
        return new OtelCallTracer(SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                serviceName,
                                AttributeKey.stringKey("service.version"),
                                GatewayVersion.current()))))
                .setSampler(sampler)
                .addSpanProcessor(processor)
                .build());
    }

    @Override
    public CallTrace start(CallContext call) {
        Context parent = Context.root();
        TraceParent tp = call.traceParent();
        if (tp != null) {
            parent = parent.with(Span.wrap(SpanContext.createFromRemoteParent(
                    tp.traceId(), tp.parentId(), TraceFlags.fromByte((byte) tp.flags()), TraceState.getDefault())));
        }
        Span span = tracer.spanBuilder(CALL_SPAN)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(call.startEpochNanos(), TimeUnit.NANOSECONDS)
                .setAttribute(REQUEST_ID, call.requestId())
                .startSpan();
        return new Trace(span);
    }

    /** Flushes queued spans (waits at most 5 s) and stops the exporter's thread. */
    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }

    private final class Trace implements CallTrace {
        private final io.opentelemetry.api.trace.Span call;
        private final Context context;

        Trace(io.opentelemetry.api.trace.Span call) {
            this.call = call;
            this.context = Context.root().with(call);
        }

        @Override
        public CallTrace.Span start(String name) {
            io.opentelemetry.api.trace.Span s = tracer.spanBuilder(name)
                    .setParent(context)
                    .setSpanKind(CallTrace.UPSTREAM.equals(name) ? SpanKind.CLIENT : SpanKind.INTERNAL)
                    .startSpan();
            return new CallTrace.Span() {
                @Override
                public void end() {
                    s.end();
                }

                @Override
                public void fail(Throwable error) {
                    failed(s, error);
                    s.end();
                }
            };
        }

        @Override
        public void end(GatewayResponse answer) {
            call.setAttribute(PROFILE, answer.profile());
            call.setAttribute(API, answer.api());
            call.setAttribute(HTTP_STATUS, (long) answer.status());
            call.setAttribute(RESULT_STATUS, answer.resultStatus());
            if (answer.error() != null) {
                call.setAttribute(ERROR_CODE, answer.error().name());
                call.setAttribute(ERROR_TYPE, answer.error().resultCode());
                call.setStatus(StatusCode.ERROR, answer.error().resultCode());
            }
            call.end();
        }

        @Override
        public @Nullable String traceId() {
            return call.getSpanContext().isValid() ? call.getSpanContext().getTraceId() : null;
        }

        @Override
        public @Nullable String spanId() {
            return call.getSpanContext().isValid() ? call.getSpanContext().getSpanId() : null;
        }
    }

    /** Marks {@code s} failed with the error's kind: its gateway code, or its class; never its message. */
    private static void failed(Span s, Throwable error) {
        Throwable t = Futures.unwrap(error);
        String kind = t instanceof GatewayException g
                ? g.code().resultCode()
                : t.getClass().getName();
        s.setAttribute(ERROR_TYPE, kind);
        s.setStatus(StatusCode.ERROR, kind);
    }
}
