package io.amsgateway.server.caller;

import io.amsgateway.server.logging.Redaction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One INFO line per decision on the logger {@value #LOGGER_NAME}, apart from the diagnostic and
 * access loggers so that operators can ship it to its own sink (PCI DSS requirement 10). With the
 * JSON log format ({@code io.amsgateway.server.logging.JsonEncoder}) the fields are top-level:
 *
 * <pre>{@code
 * {"@timestamp":"...","log.level":"INFO","log.logger":"ams.audit","process.thread.name":"...","message":"audit",
 *  "time":"2026-12-01T16:00:00.123Z","requestId":"4f1c...","caller":"spiffe://cluster.local/ns/shop/sa/checkout",
 *  "callerKind":"certificate-uri","source":"10.0.0.7:51234","listener":"tcp","profile":"sea",
 *  "clientId":"SANDBOX_5X...","keyVersion":1,"api":"payments/pay","paymentRequestId":"pay-123",
 *  "decision":"allowed","httpStatus":200,"resultCode":"SUCCESS","resultStatus":"S",
 *  "totalMs":12.345,"upstreamMs":9.87,"verified":"signature"}
 * }</pre>
 *
 * <p>Fields that do not apply are left out. Every text value that a caller or Alipay can influence
 * (request id, caller, source, API, the merchant's ids, reason, result code and status) goes through {@link
 * Redaction} here, in whatever format the line is written; the rest are the gateway's own (times,
 * configured names, constants). No field can hold a body, key, token or signature
 * ({@link AuditRecord}). Level: {@code ams.audit.log.level} (or env {@code AMS_AUDIT_LOG_LEVEL}),
 * INFO by default. Stateless and thread-safe.
 */
public final class AuditLog {
    /** The audit logger's name. */
    public static final String LOGGER_NAME = "ams.audit";

    private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    private AuditLog() {}

    /** Writes one record (nothing when the logger is off). */
    public static void write(AuditRecord r) {
        if (!log.isInfoEnabled()) {
            return;
        }
        LoggingEventBuilder e = log.atInfo();
        e = own(e, "time", r.time().toString());
        e = text(e, "requestId", r.requestId());
        e = text(e, "caller", r.caller().identity());
        e = own(e, "callerKind", r.caller().kind().label());
        e = text(e, "source", r.caller().remoteAddress());
        e = own(e, "listener", r.caller().listener());
        e = own(e, "profile", r.profile());
        e = own(e, "clientId", r.clientId());
        if (r.keyVersion() >= 0) {
            e = e.addKeyValue("keyVersion", r.keyVersion());
        }
        e = text(e, "api", r.api());
        e = text(e, "paymentRequestId", r.ids().paymentRequestId());
        e = text(e, "refundRequestId", r.ids().refundRequestId());
        e = own(e, "decision", r.decision());
        e = text(e, "reason", r.reason());
        e = e.addKeyValue("httpStatus", r.httpStatus());
        e = text(e, "resultCode", r.resultCode());
        e = text(e, "resultStatus", r.resultStatus());
        e = e.addKeyValue("totalMs", millis(r.totalNanos()));
        if (r.upstreamNanos() >= 0) {
            e = e.addKeyValue("upstreamMs", millis(r.upstreamNanos()));
        }
        e = own(e, "verified", r.verified());
        e.log("audit");
    }

    /**
     * A value the gateway itself chose (a time it formatted, a name from its configuration, one of
     * its own constants): nothing a caller or Alipay sent, so there is nothing to redact.
     */
    private static LoggingEventBuilder own(LoggingEventBuilder e, String key, @Nullable String value) {
        return value == null ? e : e.addKeyValue(key, value);
    }

    private static LoggingEventBuilder text(LoggingEventBuilder e, String key, @Nullable String value) {
        if (value == null) {
            return e;
        }
        String v = value.length() > 512 ? value.substring(0, 512) + "..." : value;
        return e.addKeyValue(key, Redaction.redact(v));
    }

    /** Milliseconds rounded to the microsecond. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
