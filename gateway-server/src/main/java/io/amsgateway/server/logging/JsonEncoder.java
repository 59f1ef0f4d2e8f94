package io.amsgateway.server.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.Set;
import net.logstash.logback.composite.loggingevent.ThrowableClassNameJsonProvider;
import net.logstash.logback.composite.loggingevent.ThrowableMessageJsonProvider;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's JSON lines: logstash-logback-encoder's {@link LogstashEncoder} with field names
 * after the Elastic Common Schema (ECS), and every string value passed through {@link Redaction}.
 * One JSON object per line:
 *
 * <pre>{@code
 * {"@timestamp":"2026-12-01T10:00:00.123Z","message":"call","log.logger":"io.amsgateway.access",
 *  "process.thread.name":"epoll-2","log.level":"INFO","http.request.id":"4f1c9a2e-1a",
 *  "trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","profile":"client-a","api":"payments/pay",
 *  "httpStatus":200,"resultStatus":"S","totalMs":12.345,"upstreamMs":9.87,"keyVersion":1}
 * }</pre>
 *
 * <ul>
 *   <li>{@code @timestamp} (UTC, ISO-8601 with milliseconds), {@code log.level}, {@code
 *       log.logger}, {@code process.thread.name}, {@code message};
 *   <li>an exception as {@code error.type} (its class), {@code error.message} and {@code
 *       error.stack_trace};
 *   <li>the MDC as top-level fields: {@code http.request.id}, {@code trace.id} and {@code span.id}
 *       of the call the line belongs to ({@link LogFields});
 *   <li>SLF4J key-value pairs as top-level fields with their own names and JSON types (the access
 *       log's fields, {@link AccessLog}).
 * </ul>
 *
 * <p>Logback context properties, {@code @version} and {@code level_value} are left out. {@link
 * GatewayLogging} uses it for {@code ams.log.format=json}; in a logback XML file of one's own, as
 * {@code <encoder class="io.amsgateway.server.logging.JsonEncoder"/>}.
 */
public class JsonEncoder extends LogstashEncoder {
    /** Fields whose values the gateway writes itself and that cannot carry a secret: not scanned. */
    private static final Set<String> TRUSTED = Set.of(
            "@timestamp",
            "log.level",
            "log.logger",
            "process.thread.name",
            "error.type",
            LogFields.REQUEST_ID,
            LogFields.TRACE_ID,
            LogFields.SPAN_ID,
            // The access and audit logs' fields that hold the gateway's own values (configured
            // names, its constants); AuditLog says which of its fields are its own.
            "profile",
            "clientId",
            "callerKind",
            "listener",
            "decision",
            "verified");

    private final MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();

    public JsonEncoder() {
        LogstashFieldNames names = getFieldNames();
        names.setTimestamp("@timestamp");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        names.setLevel("log.level");
        names.setLogger("log.logger");
        names.setThread("process.thread.name");
        names.setMessage("message");
        names.setStackTrace("error.stack_trace");
        setTimestampPattern("[ISO_INSTANT]");
        setIncludeContext(false);
        ThrowableClassNameJsonProvider type = new ThrowableClassNameJsonProvider();
        type.setFieldName("error.type");
        type.setUseSimpleClassName(false);
        addProvider(type);
        ThrowableMessageJsonProvider message = new ThrowableMessageJsonProvider();
        message.setFieldName("error.message");
        addProvider(message);
        masking.addValueMasker(new RedactingMasker());
        setJsonGeneratorDecorator(masking);
    }

    @Override
    public void start() {
        masking.start(); // the encoder does not start its decorator itself
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        masking.stop();
    }

    /** {@link Redaction} on every string value but the {@linkplain #TRUSTED trusted} fields. */
    static final class RedactingMasker implements ValueMasker {
        @Override
        public @Nullable Object mask(JsonStreamContext context, Object value) {
            if (!(value instanceof CharSequence text)) {
                return null;
            }
            String name = context.getCurrentName();
            if (name != null && TRUSTED.contains(name)) {
                return null;
            }
            String s = text.toString();
            String redacted = Redaction.redact(s);
            return redacted.equals(s) ? null : redacted;
        }
    }
}
