package io.amsgateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.OutputStreamAppender;
import java.net.URL;
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
}
