package io.amsgateway.bench.load;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One phase of closed-loop load on a fixed set of connections, controlled from the main thread:
 * the load runs from {@link LoadGenerator#start} until {@link #close}; {@link #beginMeasure} and
 * {@link #endMeasure} cut the measured window out of it. Latencies of successful calls go to an
 * HdrHistogram {@link Recorder} (wait-free for the event loops), whose interval swap makes the
 * window exact. Failures are counted by category over the whole phase, warmup included.
 */
final class LoadRun implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Recorder recorder = new Recorder(3);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong seq;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<Channel> channels = new ArrayList<>();
    private volatile boolean running = true;
    private boolean closed;
    private long measureStartNanos;

    LoadRun(AtomicLong seq) {
        this.seq = seq;
    }

    boolean running() {
        return running;
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    void callStarted() {
        inFlight.incrementAndGet();
    }

    void callEnded() {
        inFlight.decrementAndGet();
    }

    void record(long latencyNanos) {
        recorder.recordValue(latencyNanos);
    }

    void fail(String category) {
        failures.computeIfAbsent(category, k -> new LongAdder()).increment();
    }

    void add(Channel channel) {
        channels.add(channel);
    }

    Channel channel(int i) {
        return channels.get(i);
    }

    /** Discards what was recorded so far (the warmup) and starts the measured window. */
    void beginMeasure() {
        recorder.getIntervalHistogram();
        measureStartNanos = System.nanoTime();
    }

    /** Ends the measured window: the latencies of the calls that completed in it. */
    Window endMeasure() {
        Histogram h = recorder.getIntervalHistogram();
        return new Window(h, (System.nanoTime() - measureStartNanos) / 1e9);
    }

    /**
     * Ends the measured window and starts the next one at the same instant, for periodic samples
     * of one long phase (SoakBench): no call falls between two windows.
     */
    Window nextWindow() {
        long now = System.nanoTime();
        Histogram h = recorder.getIntervalHistogram();
        Window w = new Window(h, (now - measureStartNanos) / 1e9);
        measureStartNanos = now;
        return w;
    }

    /** Failure counts by category, so far. */
    Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Stops sending, waits (bounded) for calls in flight, then closes every connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        // A caller may have read running() just before it turned false and be about to send: a
        // no-op task on each event loop runs after any such sendNext, so its call is counted below.
        for (Channel c : channels) {
            c.eventLoop().submit(() -> {}).awaitUninterruptibly(STOP_TIMEOUT.toMillis());
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            fail("stuck-at-stop");
        }
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(STOP_TIMEOUT.toMillis());
        }
    }

    /** The measured window: latency histogram (ns) of successful calls, and its length. */
    record Window(Histogram latencies, double seconds) {}
}
