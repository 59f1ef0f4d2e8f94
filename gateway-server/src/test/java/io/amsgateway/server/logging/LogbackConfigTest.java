package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The gateway's logging configuration ({@link GatewayLogging}), applied to a fresh context per case. */
class LogbackConfigTest {
    private static LoggerContext configure(Map<String, String> properties) {
        LoggerContext ctx = new LoggerContext();
        properties.forEach(ctx::putProperty);
        GatewayLogging configurator = new GatewayLogging();
        configurator.setContext(ctx);
        assertThat(configurator.configure(ctx))
                .as("no logback file of one's own here: the gateway's configuration, and no XML after it")
                .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return ctx;
    }

    @Test
    void isWhatLogbackFindsAndStepsAsideForAConfigurationFileOfOnesOwn() throws Exception {
        assertThat(java.util.ServiceLoader.load(Configurator.class).stream()
                        .map(java.util.ServiceLoader.Provider::type))
                .containsExactly(GatewayLogging.class);
        assertThat(((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory())
                        .getLogger(Logger.ROOT_LOGGER_NAME)
                        .getAppender("STDERR_text"))
                .as("the tests' own logging was configured by it")
                .isNotNull();
        LoggerContext ctx = new LoggerContext();
        GatewayLogging configurator = new GatewayLogging();
        configurator.setContext(ctx);
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/my-logback.xml");
        try {
            assertThat(configurator.configure(ctx)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME)
                            .iteratorForAppenders()
                            .hasNext())
                    .as("nothing configured")
                    .isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
        ctx.stop();
    }

    @Test
    void levelsFromPropertiesAndAnUnknownLevelIsDebugAsInLogbackXml() {
        LoggerContext ctx = configure(
                Map.of("ams.log.level", "ERROR", "ams.access.log.level", "OFF", "ams.audit.log.level", "verbose"));
        assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.ERROR);
        assertThat(ctx.getLogger(AccessLog.LOGGER_NAME).getLevel()).isEqualTo(Level.OFF);
        assertThat(ctx.getLogger(io.amsgateway.server.caller.AuditLog.LOGGER_NAME)
                        .getLevel())
                .isEqualTo(Level.DEBUG);
        ctx.stop();
    }

    @Test
    void theTextFormatWritesTheRequestIdOnlyWhenThereIsOne() {
        LoggerContext ctx = configure(Map.of());
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        @SuppressWarnings("unchecked")
        var appender = (OutputStreamAppender<ILoggingEvent>)
                ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR_text");
        ch.qos.logback.classic.Logger log = ctx.getLogger("io.amsgateway.server.GatewayServer");
        LoggingEvent plain = new LoggingEvent(
                ch.qos.logback.classic.Logger.FQCN, log, Level.WARN, "upstream {} slow", null, new Object[] {"sea"});
        String line = new String(appender.getEncoder().encode(plain), StandardCharsets.UTF_8);
        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  GatewayServer - upstream sea slow\\R");
        ctx.getMDCAdapter().put(LogFields.REQUEST_ID, "abc-1");
        LoggingEvent withId = new LoggingEvent(
                ch.qos.logback.classic.Logger.FQCN, log, Level.WARN, "upstream {} slow", null, new Object[] {"sea"});
        assertThat(new String(appender.getEncoder().encode(withId), StandardCharsets.UTF_8))
                .endsWith("WARN  GatewayServer [abc-1] - upstream sea slow" + System.lineSeparator());
        ctx.stop();
    }

    @Test
    void defaultsToTextAtWarnForTheCli() {
        LoggerContext ctx = configure(Map.of());
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR_text")).isNotNull();
        assertThat(root.getAppender("STDERR_json")).isNull();
        assertThat(ctx.getLogger(AccessLog.LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        ctx.stop();
    }

    @Test
    void jsonFormatUsesTheJsonEncoder() {
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
