package io.amsgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Magic request ids, the global switch's count and the retry schedule, without sockets. */
class FaultTest {
    @Test
    void parsesMagicIds() {
        assertThat(Fault.fromMagicId("order-1")).isNull();
        assertThat(Fault.fromMagicId("FAULT_DELAY_250_x")).isEqualTo(new Fault(FaultMode.DELAY, 250, 0));
        assertThat(Fault.fromMagicId("FAULT_DELAY_abc_x"))
                .as("a malformed number is no fault")
                .isNull();
        assertThat(Fault.fromMagicId("FAULT_RESET_x")).isEqualTo(Fault.of(FaultMode.RESET));
        assertThat(Fault.fromMagicId("FAULT_BADSIG_x")).isEqualTo(Fault.of(FaultMode.BAD_SIGNATURE));
        assertThat(Fault.fromMagicId("FAULT_NOSIG_x")).isEqualTo(Fault.of(FaultMode.NO_SIGNATURE));
        assertThat(Fault.fromMagicId("FAULT_5XX_x")).isEqualTo(new Fault(FaultMode.HTTP_5XX, 0, 500));
        assertThat(Fault.fromMagicId("FAULT_5XX_504_x")).isEqualTo(new Fault(FaultMode.HTTP_5XX, 0, 504));
        assertThat(Fault.fromMagicId("FAULT_SLOW_x")).isEqualTo(new Fault(FaultMode.SLOW_BODY, 1000, 0));
        assertThat(Fault.fromMagicId("FAULT_SLOW_300_x")).isEqualTo(new Fault(FaultMode.SLOW_BODY, 300, 0));
        assertThat(Fault.fromMagicId("FAULT_PROCESSING_x")).isEqualTo(Fault.of(FaultMode.PROCESSING));
    }

    @Test
    void switchCountsDown() {
        FaultSwitch s = new FaultSwitch();
        s.set(Fault.of(FaultMode.RESET), 2);
        assertThat(s.next()).isNotNull();
        assertThat(s.next()).isNotNull();
        assertThat(s.next()).isNull();
        s.set(Fault.of(FaultMode.NO_SIGNATURE), 0);
        for (int i = 0; i < 5; i++) {
            assertThat(s.next()).isNotNull();
        }
        s.clear();
        assertThat(s.next()).isNull();
    }

    @Test
    void scalesAlipaysSchedule() {
        RetrySchedule real = new RetrySchedule(1);
        assertThat(real.attempts()).isEqualTo(8);
        assertThat(real.delayMillis(1)).isEqualTo(120_000);
        assertThat(real.delayMillis(7)).isEqualTo(15 * 3_600_000L);
        assertThat(new RetrySchedule(0.001).delayMillis(2)).isEqualTo(600);
    }
}
