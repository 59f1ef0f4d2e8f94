package io.amsgateway.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads what Linux reports about processes and the machine: CPU time from {@code /proc/<pid>/stat}
 * (utime + stime, in clock ticks), the clock tick rate ({@code getconf CLK_TCK}) and the load
 * average. Linux only; stateless.
 */
final class ProcStat {
    private static final long DEFAULT_TICKS_PER_SECOND = 100;

    private ProcStat() {}

    /** User plus system CPU time of a process so far, in clock ticks. */
    static long cpuTicks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
        // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so field 14 (utime) is f[11] and field 15 (stime) is f[12].
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * CPU ticks of a process's live threads, summed by thread name with trailing numbers (and the
     * separators before them) dropped (Linux keeps the first 15 characters of a Java thread's name), so that
     * "GC Thread#0" and "GC Thread#1" add up. Threads that ended are missing.
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f =
                            stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    String group = name.replaceAll("([-#_ ]*[0-9]+)+$", "").trim();
                    out.merge(group, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return out;
    }

    /** Resident set size of a process ({@code VmRSS} of {@code /proc/<pid>/status}), in KiB. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:\t  134124 kB" (the kernel's kB are KiB)
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of process " + pid, e);
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    /** How many live threads of a process have a name (as Linux keeps it, 15 characters) starting with {@code prefix}. */
    static int threadCount(long pid, String prefix) {
        int n = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII)
                            .startsWith(prefix)) {
                        n++;
                    }
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return n;
    }

    /**
     * CPU time of all threads of a process so far, in nanoseconds, from the scheduler's exact
     * run-time accounting ({@code /proc/<pid>/task/<tid>/schedstat}, first field) rather than the
     * 10 ms ticks of {@code stat}: for processes that use little CPU per call (nginx), the ticks'
     * resolution would be a large part of the measurement. Falls back to {@link #cpuTicks} (converted)
     * where the kernel has no schedstat. Threads that ended are missing.
     */
    static long cpuNanos(long pid, long ticksPerSecond) {
        Path tasks = Path.of("/proc/" + pid + "/task");
        if (!Files.exists(tasks.resolve(Long.toString(pid)).resolve("schedstat"))) {
            return cpuTicks(pid) * (1_000_000_000L / ticksPerSecond);
        }
        long sum = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    sum += schedstatNanos(Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return sum;
    }

    /** The first field of a {@code schedstat} line: nanoseconds spent on a CPU. */
    static long schedstatNanos(String schedstat) {
        String s = schedstat.trim();
        int space = s.indexOf(' ');
        return Long.parseLong(space < 0 ? s : s.substring(0, space));
    }

    /** The parent pid (field 4) of a {@code /proc/<pid>/stat} line. */
    static long parentPid(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so field 4 (ppid) is f[1].
        return Long.parseLong(f[1]);
    }

    /**
     * The live child processes of {@code pid}, sorted: from {@code /proc/<pid>/task/<tid>/children}
     * where the kernel has it, else by scanning every {@code /proc/<n>/stat} for parent {@code pid}.
     */
    static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        Path tasks = Path.of("/proc/" + pid + "/task");
        if (Files.exists(tasks.resolve(Long.toString(pid)).resolve("children"))) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
                for (Path task : dir) {
                    String list = Files.readString(task.resolve("children"), StandardCharsets.US_ASCII)
                            .trim();
                    for (String c : list.isEmpty() ? new String[0] : list.split("\\s+")) {
                        out.add(Long.parseLong(c));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the children of process " + pid, e);
            }
        } else {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try {
                        if (parentPid(Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII)) == pid) {
                            out.add(Long.parseLong(proc.getFileName().toString()));
                        }
                    } catch (IOException | RuntimeException e) {
                        // the process ended while we looked, or is not a process directory
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list /proc", e);
            }
        }
        out.sort(null);
        return out;
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 if it cannot be asked. */
    static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_TICKS_PER_SECOND;
    }

    /** The 1-minute load average. */
    static double loadAverage1() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
            return Double.parseDouble(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
