package io.amsgateway.simulator.ams;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as Alipay writes them in bodies and in {@code response-time}: ISO-8601 to the second with
 * a numeric offset, e.g. {@code 2019-07-12T12:08:56+05:30} (the form of the AMS documentation's
 * examples). The simulator writes UTC, so the offset is always {@code +00:00}.
 */
public final class AmsTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private AmsTime() {}

    /** The current time in Alipay's format. */
    public static String now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).format(FORMAT);
    }
}
