package io.amsgateway.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM the benchmark started (the simulator or the gateway): its output goes to a log
 * file, its CPU time is read from {@code /proc}, and {@link #close} ends it (SIGTERM, then
 * SIGKILL after a grace period). Only ever ends the process it started.
 */
final class BenchProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final long startNanos;
    private final Instant startInstant;

    private BenchProcess(String name, Process process, Path log, long startNanos, Instant startInstant) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
        this.startInstant = startInstant;
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}. */
    static BenchProcess start(String name, List<String> command, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Instant startInstant = Instant.now();
        long startNanos = System.nanoTime();
        Process p = b.start();
        return new BenchProcess(name, p, log, startNanos, startInstant);
    }

    /** {@link System#nanoTime} just before the process was started (for its ready time). */
    long startNanos() {
        return startNanos;
    }

    /** The wall clock just before the process was started (to compare with its log's timestamps). */
    Instant startInstant() {
        return startInstant;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Fails with the log's location if the process has exited. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    name + " (pid " + pid() + ") exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** User plus system CPU time so far, in clock ticks. */
    long cpuTicks() {
        checkAlive();
        return ProcStat.cpuTicks(pid());
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
