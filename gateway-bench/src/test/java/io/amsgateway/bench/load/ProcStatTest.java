package io.amsgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void parentPidIsCountedFromTheLastParenthesis() {
        // A command name may hold spaces and parentheses.
        String stat = "4242 (nginx: worker (x) 1) S 4240 4240 4240 0 -1 4194624 120 0 0 0 3 1 0 0 20 0 1 0\n";

        assertThat(ProcStat.parentPid(stat)).isEqualTo(4240);
    }

    @Test
    void schedstatGivesNanosecondsOnTheCpu() {
        assertThat(ProcStat.schedstatNanos("123456789 5000 42\n")).isEqualTo(123_456_789L);
        assertThat(ProcStat.schedstatNanos("77")).isEqualTo(77L);
    }

    @Test
    void findsAChildProcessAndItsCpuTime() throws Exception {
        long self = ProcessHandle.current().pid();
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(ProcStat.children(self)).contains(child.pid());
            assertThat(ProcStat.cpuNanos(child.pid(), ProcStat.ticksPerSecond()))
                    .isGreaterThanOrEqualTo(0);
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcStat.children(self)).doesNotContain(child.pid());
    }

    @Test
    void cpuNanosOfThisProcessGrowWithWork() {
        long pid = ProcessHandle.current().pid();
        long before = ProcStat.cpuNanos(pid, ProcStat.ticksPerSecond());
        long x = 0;
        long end = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < end) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        assertThat(x).isNotNegative();
        assertThat(ProcStat.cpuNanos(pid, ProcStat.ticksPerSecond())).isGreaterThan(before);
    }
}
