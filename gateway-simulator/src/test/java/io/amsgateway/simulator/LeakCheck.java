package io.amsgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class if Netty reports any buffer leak while it ran (Zuul's custom leak detector
 * pattern); the one leak check of the project's tests ({@link #collectLeaks()} for a check at a
 * moment of the test's own). Surefire runs with paranoid detection; after the class's own {@code @AfterAll} (which
 * closes the simulator) this collects garbage and allocates a few buffers, which makes the detector
 * report what was collected without being released.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ByteBufUtil.setLeakListener((resourceType, records) -> LEAKS.add(resourceType + ": " + records));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel())
                .as("surefire must run with -Dio.netty.leakDetectionLevel=paranoid")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        assertThat(collectLeaks())
                .as("Netty buffer leaks reported during " + context.getDisplayName())
                .isEmpty();
    }

    /** Makes sure the leak listener is installed (it is once this class loads). */
    public static void install() {}

    /**
     * Gives the collector a chance to find unreleased buffers, then returns every report so far:
     * collects garbage and allocates a few buffers, which makes the detector report what was
     * collected without being released. For tests that check at a moment of their own.
     */
    public static List<String> collectLeaks() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(40);
            for (int j = 0; j < 4; j++) {
                ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(16);
                b.release();
                ByteBuf h = ByteBufAllocator.DEFAULT.heapBuffer(16);
                h.release();
            }
        }
        return List.copyOf(LEAKS);
    }
}
