package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The shipped logback.xml, loaded into a fresh context per case. */
class LogbackConfigTest {
    private static LoggerContext configure(Map<String, String> properties) throws Exception {
        LoggerContext ctx = new LoggerContext();
        properties.forEach(ctx::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(ctx);
        URL xml = LogbackConfigTest.class.getResource("/logback.xml");
        assertThat(xml).isNotNull();
        configurator.doConfigure(xml);
        return ctx;
    }

    @Test
    void defaultsToTextAtWarnForTheCli() throws Exception {
        LoggerContext ctx = configure(Map.of());
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR_text")).isNotNull();
        assertThat(root.getAppender("STDERR_json")).isNull();
        assertThat(ctx.getLogger(AccessLog.LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        ctx.stop();
    }

    @Test
    void jsonFormatUsesTheJsonEncoder() throws Exception {
        LoggerContext ctx = configure(Map.of("ams.log.format", "json", "ams.log.level", "INFO"));
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        var appender = (OutputStreamAppender<?>) root.getAppender("STDERR_json");
        assertThat(appender).as("root writes JSON lines").isNotNull();
        assertThat(appender.getEncoder()).isInstanceOf(JsonEncoder.class);
        assertThat(root.getAppender("STDERR_text")).isNull();
        ctx.stop();
    }

    @Test
    void aStartUpErrorIsOneRedactedJsonLineWhenTheFormatIsJson() throws Exception {
        LoggerContext ctx = configure(Map.of("ams.log.format", "json"));
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // a fresh context has none
        @SuppressWarnings("unchecked")
        var appender = (OutputStreamAppender<ILoggingEvent>)
                ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR_json");
        ch.qos.logback.classic.Logger main = ctx.getLogger("io.amsgateway.server.GatewayMain");
        LoggingEvent event = new LoggingEvent(
                ch.qos.logback.classic.Logger.FQCN,
                main,
                Level.ERROR,
                "gateway did not start: {}",
                new IllegalStateException("PEM -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"),
                new Object[] {"gateway.profiles.sea: key file /keys/k.pem"});
        assertThat(main.isErrorEnabled()).isTrue();
        byte[] encoded = appender.getEncoder().encode(event);
        ctx.stop();

        String line = new String(encoded, StandardCharsets.UTF_8);
        JsonNode json = JsonEncoderTest.parseOneLine(line);
        assertThat(json.get("log.level").asText()).isEqualTo("ERROR");
        assertThat(json.get("message").asText())
                .isEqualTo("gateway did not start: gateway.profiles.sea: key file /keys/k.pem");
        assertThat(json.get("error.type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line).doesNotContain("MIIE");
    }
}
