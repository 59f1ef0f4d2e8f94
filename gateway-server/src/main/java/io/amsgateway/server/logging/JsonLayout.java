package io.amsgateway.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

/**
 * A Logback layout that writes each event as one JSON object on one line:
 *
 * <pre>{@code
 * {"ts":"2025-01-01T12:00:00.123Z","level":"INFO","logger":"io.amsgateway.access","thread":"loop-1",
 *  "msg":"call","profile":"client-a","httpStatus":200,
 *  "exception":{"class":"java.io.IOException","message":"...","stack":"..."}}
 * }</pre>
 *
 * <p>MDC entries and SLF4J key-value pairs become top-level fields; a name that clashes with a
 * fixed field gets the prefix {@code x_}. The message, string values and the exception are passed
 * through {@link Redaction}. Use it in {@code logback.xml} as {@code <layout
 * class="io.amsgateway.server.logging.JsonLayout"/>} inside a {@code LayoutWrappingEncoder}.
 *
 * <p>Thread-safe: {@link #doLayout} keeps no state between calls.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> FIXED = Set.of("ts", "level", "logger", "thread", "msg", "exception");

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("msg", Redaction.redact(event.getFormattedMessage()));
            for (Map.Entry<String, String> e : event.getMDCPropertyMap().entrySet()) {
                writeField(g, e.getKey(), e.getValue());
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair kv : pairs) {
                    writeField(g, kv.key, kv.value);
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeObjectFieldStart("exception");
                g.writeStringField("class", thrown.getClassName());
                g.writeStringField("message", Redaction.redact(String.valueOf(thrown.getMessage())));
                g.writeStringField("stack", Redaction.redact(ThrowableProxyUtil.asString(thrown)));
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return out.append('\n').toString();
    }

    private static void writeField(JsonGenerator g, String key, @Nullable Object value) throws IOException {
        g.writeFieldName(FIXED.contains(key) ? "x_" + key : key);
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(Redaction.redact(value.toString()));
        }
    }

    @Override
    public String getContentType() {
        return "application/json";
    }
}
