package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/** The JSON lines: logstash-logback-encoder with ECS field names, every string value redacted. */
class JsonEncoderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The SLF4J-bound context: it holds the MDC adapter that {@link MDC} writes to. */
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private final Logger logger = context.getLogger("io.amsgateway.test");

    /** One event as the gateway's encoder writes it. */
    static String encode(LoggerContext context, ILoggingEvent event) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        try {
            return new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            encoder.stop();
        }
    }

    private String encode(ILoggingEvent event) {
        return encode(context, event);
    }

    static JsonNode parseOneLine(String line) throws Exception {
        assertThat(line).as("one line, newline-terminated").endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
        return MAPPER.readTree(line);
    }

    @Test
    void writesOneJsonObjectPerLineWithEcsFieldNames() throws Exception {
        MDC.put(LogFields.REQUEST_ID, "r-1");
        MDC.put(LogFields.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
        try {
            LoggingEvent event = new LoggingEvent(
                    Logger.FQCN, logger, Level.INFO, "hello {} \"quoted\"\nsecond line", null, new Object[] {"world"});
            event.setThreadName("loop-1");
            event.setInstant(Instant.parse("2025-01-02T03:04:05.678Z"));
            event.setKeyValuePairs(
                    List.of(new KeyValuePair("httpStatus", 200), new KeyValuePair("api", "payments/pay")));
            JsonNode json = parseOneLine(encode(event));
            assertThat(json.get("@timestamp").asText()).isEqualTo("2025-01-02T03:04:05.678Z");
            assertThat(json.get("log.level").asText()).isEqualTo("INFO");
            assertThat(json.get("log.logger").asText()).isEqualTo("io.amsgateway.test");
            assertThat(json.get("process.thread.name").asText()).isEqualTo("loop-1");
            assertThat(json.get("message").asText()).isEqualTo("hello world \"quoted\"\nsecond line");
            assertThat(json.get("http.request.id").asText()).isEqualTo("r-1");
            assertThat(json.get("trace.id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(json.get("httpStatus").isInt())
                    .as("key-value pairs keep their JSON type")
                    .isTrue();
            assertThat(json.get("httpStatus").asInt()).isEqualTo(200);
            assertThat(json.get("api").asText()).isEqualTo("payments/pay");
            assertThat(json.has("error.type")).isFalse();
            assertThat(json.has("@version"))
                    .as("logstash's own fields are left out")
                    .isFalse();
            assertThat(json.has("level_value")).isFalse();
        } finally {
            MDC.clear();
        }
    }

    @Test
    void redactsSecretsInTheMessage() throws Exception {
        String sig = RedactionTest.rsaSignatureBase64();
        String msg = "key " + RedactionTest.PEM + " sig " + sig + " header signature=abc%2Bdef,keyVersion=1"
                + " card 4111111111111111";
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.WARN, msg, null, null);
        String line = encode(event);
        JsonNode json = parseOneLine(line);
        assertThat(json.get("message").asText())
                .isEqualTo("key [REDACTED PEM] sig [REDACTED base64] header signature=[REDACTED],keyVersion=1"
                        + " card [CARD ****1111]");
        assertThat(line).doesNotContain("MIIEvQ", sig.substring(0, 40), "abc%2Bdef", "4111111111111111");
    }

    @Test
    void redactsSecretsInMdcAndKeyValueFields() throws Exception {
        String sig = RedactionTest.rsaSignatureBase64();
        MDC.put("note", "card 4111111111111111");
        try {
            LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.INFO, "x", null, null);
            event.setKeyValuePairs(List.of(new KeyValuePair("header", "signature=" + sig)));
            String line = encode(event);
            JsonNode json = parseOneLine(line);
            assertThat(json.get("note").asText()).isEqualTo("card [CARD ****1111]");
            assertThat(json.get("header").asText()).isEqualTo("signature=[REDACTED]");
            assertThat(line).doesNotContain("4111111111111111", sig.substring(0, 40));
        } finally {
            MDC.clear();
        }
    }

    @Test
    void writesExceptionsAsEcsErrorFieldsWithRedactedMessages() throws Exception {
        Exception cause = new IllegalArgumentException("bad card 4111111111111111");
        LoggingEvent event = new LoggingEvent(
                Logger.FQCN,
                logger,
                Level.ERROR,
                "failed",
                new IllegalStateException("wrapped 4111111111111111", cause),
                null);
        String line = encode(event);
        JsonNode json = parseOneLine(line);
        assertThat(json.get("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.get("error.message").asText()).isEqualTo("wrapped [CARD ****1111]");
        assertThat(json.get("error.stack_trace").asText())
                .contains(
                        "at io.amsgateway.server.logging.JsonEncoderTest",
                        "Caused by: java.lang.IllegalArgumentException")
                .contains("[CARD ****1111]");
        assertThat(line).doesNotContain("4111111111111111");
    }
}
