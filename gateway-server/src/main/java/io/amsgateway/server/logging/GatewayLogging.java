package io.amsgateway.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import io.amsgateway.server.caller.AuditLog;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's logging, configured in code when logback starts (a {@link Configurator} found
 * through {@code META-INF/services}): parsing an XML configuration cost about 90 ms of CPU on
 * the start-up's main thread (docs/benchmarks.md, "Ready time").
 *
 * <ul>
 *   <li>Everything goes to stderr, so that command output on stdout stays clean.
 *   <li>{@code ams.log.level} (or env {@code AMS_LOG_LEVEL}): the root level, WARN by default so
 *       the CLI commands stay quiet ({@code run} defaults it to INFO).
 *   <li>{@code ams.log.format} (or env {@code AMS_LOG_FORMAT}): {@code text} (the default, for
 *       people) or {@code json} (one JSON object per line with ECS field names, secrets redacted:
 *       {@link JsonEncoder}; for the server in Kubernetes).
 *   <li>{@code ams.access.log.level} (or env {@code AMS_ACCESS_LOG_LEVEL}): the per-call access
 *       log ({@value AccessLog#LOGGER_NAME}), INFO by default, OFF to mute.
 *   <li>{@code ams.audit.log.level} (or env {@code AMS_AUDIT_LOG_LEVEL}): the audit log (logger
 *       {@value AuditLog#LOGGER_NAME}, one line per caller decision), INFO by default.
 * </ul>
 *
 * <p>Each setting is looked up as logback's own {@code ${name}} substitution does: the logging
 * context's properties, then system properties, then the environment. A level logback does not
 * know is DEBUG, as in a logback XML file.
 *
 * <p>A logback configuration of one's own still wins: with {@code -Dlogback.configurationFile}, or
 * a {@code logback.xml} or {@code logback-test.xml} on the class path (an application that embeds
 * the gateway, the benchmarks), this class steps aside and logback reads that file as usual. To
 * ship the audit log apart, for example, give logger {@code ams.audit} an appender of its own with
 * {@code additivity="false"} in such a file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class GatewayLogging extends ContextAwareBase implements Configurator {
    /** The text format's pattern: time, level, logger, request id when there is one, message, key-values. */
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0}%replace( [%X{http.request.id}]){' \\[\\]',"
            + " ''} - %msg%replace( %kvp){'^ $', ''}%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || resource("logback-test.xml")
                || resource("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context} from its properties, the system properties and the environment. */
    static void apply(LoggerContext context) {
        // As the XML configuration did: logback's own status messages stay off the console.
        context.getStatusManager().add(new NopStatusListener());
        String format = setting(context, "ams.log.format", "AMS_LOG_FORMAT", "text");
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR_" + format);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, format));
        stderr.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting(context, "ams.log.level", "AMS_LOG_LEVEL", "WARN")));
        root.addAppender(stderr);
        context.getLogger(AccessLog.LOGGER_NAME)
                .setLevel(Level.toLevel(setting(context, "ams.access.log.level", "AMS_ACCESS_LOG_LEVEL", "INFO")));
        context.getLogger(AuditLog.LOGGER_NAME)
                .setLevel(Level.toLevel(setting(context, "ams.audit.log.level", "AMS_AUDIT_LOG_LEVEL", "INFO")));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        if (format.equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    /** {@code ${name:-${envName:-fallback}}}, each name looked up as logback does. */
    private static String setting(LoggerContext context, String name, String envName, String fallback) {
        String value = lookup(context, name);
        if (value == null) {
            value = lookup(context, envName);
        }
        return value != null ? value : fallback;
    }

    private static @Nullable String lookup(LoggerContext context, String name) {
        String value = context.getProperty(name);
        if (value == null) {
            value = System.getProperty(name);
        }
        if (value == null) {
            value = System.getenv(name);
        }
        return value;
    }

    private static boolean resource(String name) {
        return GatewayLogging.class.getClassLoader().getResource(name) != null;
    }
}
