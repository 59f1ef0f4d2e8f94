package io.amsgateway.server.logging;

/**
 * The correlation fields of the gateway's log lines, named after the Elastic Common Schema: MDC
 * keys while a call's work runs, and top-level fields of the JSON lines ({@link JsonEncoder}).
 */
public final class LogFields {
    /** The call's request id ({@code X-Request-Id}). */
    public static final String REQUEST_ID = "http.request.id";
    /** The trace id: the call's span's, or the caller's {@code traceparent}'s. */
    public static final String TRACE_ID = "trace.id";
    /** The call's span id, when the call is traced. */
    public static final String SPAN_ID = "span.id";

    private LogFields() {}
}
