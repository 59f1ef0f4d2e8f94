package io.amsgateway.server.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects Netty leak reports (Zuul's CustomLeakDetector pattern) so a test can fail on them.
 *
 * <p>Two nets: a {@link ResourceLeakDetectorFactory} whose detectors record every report (only
 * effective if installed before Netty's buffer classes initialise, so call {@link #install()}
 * first thing), and an appender on Netty's leak logger (effective in any order).
 */
public final class LeakRecorder {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        Logger netty = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (e.getLevel().isGreaterOrEqual(Level.ERROR)
                        && e.getFormattedMessage().contains("LEAK")) {
                    LEAKS.add(e.getFormattedMessage());
                }
            }
        };
        appender.setContext(netty.getLoggerContext());
        appender.start();
        netty.addAppender(appender);
    }

    private LeakRecorder() {}

    /** Installs the recorders (idempotent). */
    public static void install() {}

    /**
     * Gives the collector a chance to find unreleased buffers, then returns every report so far.
     * Leak detection runs when a tracked object is allocated after its leaked peer was collected.
     */
    public static List<String> collectLeaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            for (ByteBufAllocator alloc :
                    List.of(ByteBufAllocator.DEFAULT, Unpooled.buffer().alloc())) {
                ByteBuf probe = alloc.directBuffer(16);
                probe.release();
            }
        }
        return List.copyOf(LEAKS);
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK " + resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK (untraced) " + resourceType);
            super.reportUntracedLeak(resourceType);
        }
    }
}
