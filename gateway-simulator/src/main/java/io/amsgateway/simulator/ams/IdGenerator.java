package io.amsgateway.simulator.ams;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alipay-looking ids: 35 digits, the date, a fixed middle and a sequence, like {@code
 * 20240101194010800100188920200000001}. Thread-safe.
 */
final class IdGenerator {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    IdGenerator(Clock clock) {
        this.clock = clock;
    }

    String paymentId() {
        return next("1940108001");
    }

    String refundId() {
        return next("1940108002");
    }

    private String next(String middle) {
        String date = LocalDate.now(clock.withZone(ZoneOffset.UTC)).format(DATE);
        return date + middle + String.format("%017d", sequence.incrementAndGet());
    }
}
