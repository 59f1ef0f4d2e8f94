package io.amsgateway.server.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records what the named loggers log (at INFO and above while it is open), to count the lines an
 * event produces. Closing restores the loggers' levels.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    /** One logged line: its level and formatted message. */
    record Line(Level level, String logger, String message) {
        @Override
        public String toString() {
            return level + " " + logger + " " + message;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers;
    private final List<Level> levels;

    LogCapture(Class<?>... classes) {
        this.loggers = java.util.Arrays.stream(classes)
                .map(c -> (Logger) LoggerFactory.getLogger(c))
                .toList();
        this.levels = loggers.stream().map(Logger::getLevel).toList();
        setContext(loggers.get(0).getLoggerContext());
        start();
        for (Logger l : loggers) {
            l.setLevel(Level.INFO);
            l.addAppender(this);
        }
    }

    @Override
    protected void append(ILoggingEvent e) {
        lines.add(new Line(e.getLevel(), e.getLoggerName(), e.getFormattedMessage()));
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The lines at {@code level} whose message contains every one of {@code parts}. */
    List<Line> find(Level level, String... parts) {
        return lines.stream()
                .filter(l -> l.level().equals(level))
                .filter(l -> java.util.Arrays.stream(parts).allMatch(l.message()::contains))
                .toList();
    }

    /** The lines at WARN or above. */
    List<Line> problems() {
        return lines.stream()
                .filter(l -> l.level().isGreaterOrEqual(Level.WARN))
                .toList();
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(this);
            loggers.get(i).setLevel(levels.get(i));
        }
        stop();
    }
}
