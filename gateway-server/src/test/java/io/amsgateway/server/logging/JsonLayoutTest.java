package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class JsonLayoutTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The SLF4J-bound context: it holds the MDC adapter that {@link MDC} writes to. */
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private final Logger logger = context.getLogger("io.amsgateway.test");

    private String layout(LoggingEvent event) {
        JsonLayout layout = new JsonLayout();
        layout.setContext(context);
        layout.start();
        return layout.doLayout(event);
    }

    static JsonNode parseOneLine(String line) throws Exception {
        assertThat(line).as("one line, newline-terminated").endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
        return MAPPER.readTree(line);
    }

    @Test
    void writesOneJsonObjectPerLine() throws Exception {
        MDC.put("requestId", "r-1");
        MDC.put("msg", "clash");
        try {
            LoggingEvent event = new LoggingEvent(
                    Logger.FQCN, logger, Level.INFO, "hello {} \"quoted\"\nsecond line", null, new Object[] {"world"});
            event.setThreadName("loop-1");
            event.setInstant(Instant.parse("2025-01-02T03:04:05.678Z"));
            JsonNode json = parseOneLine(layout(event));
            assertThat(json.get("ts").asText()).isEqualTo("2025-01-02T03:04:05.678Z");
            assertThat(json.get("level").asText()).isEqualTo("INFO");
            assertThat(json.get("logger").asText()).isEqualTo("io.amsgateway.test");
            assertThat(json.get("thread").asText()).isEqualTo("loop-1");
            assertThat(json.get("msg").asText()).isEqualTo("hello world \"quoted\"\nsecond line");
            assertThat(json.get("requestId").asText()).isEqualTo("r-1");
            assertThat(json.get("x_msg").asText()).as("MDC clash is prefixed").isEqualTo("clash");
            assertThat(json.has("exception")).isFalse();
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
        String line = layout(event);
        JsonNode json = parseOneLine(line);
        assertThat(json.get("msg").asText())
                .isEqualTo("key [REDACTED PEM] sig [REDACTED base64] header signature=[REDACTED],keyVersion=1"
                        + " card [CARD ****1111]");
        assertThat(line).doesNotContain("MIIEvQ", sig.substring(0, 40), "abc%2Bdef", "4111111111111111");
    }

    @Test
    void writesExceptionsWithRedactedMessages() throws Exception {
        Exception cause = new IllegalArgumentException("bad card 4111111111111111");
        LoggingEvent event = new LoggingEvent(
                Logger.FQCN, logger, Level.ERROR, "failed", new IllegalStateException("wrapped", cause), null);
        JsonNode ex = parseOneLine(layout(event)).get("exception");
        assertThat(ex.get("class").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(ex.get("message").asText()).isEqualTo("wrapped");
        assertThat(ex.get("stack").asText())
                .contains(
                        "at io.amsgateway.server.logging.JsonLayoutTest",
                        "Caused by: java.lang.IllegalArgumentException")
                .contains("[CARD ****1111]")
                .doesNotContain("4111111111111111");
    }
}
