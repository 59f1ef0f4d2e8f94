package io.amsgateway.server.config;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a profile writes {@code Request-Time} ({@code request-time-format}); the value is signed
 * exactly as sent. Alipay accepts both.
 */
public enum RequestTimeFormat {
    /** Epoch milliseconds, e.g. {@code 1554350936253}: what the official Java and Go SDKs send (the default). */
    EPOCH_MILLIS,
    /**
     * RFC 3339 with milliseconds, in UTC, e.g. {@code 2019-04-04T06:38:56.253Z}: the form of
     * Alipay's API fundamentals (the Python and PHP SDKs send ISO-8601).
     */
    RFC3339;

    private static final DateTimeFormatter RFC3339_MILLIS = DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** {@code epochMillis} in this form. */
    public String format(long epochMillis) {
        return this == EPOCH_MILLIS
                ? Long.toString(epochMillis)
                : RFC3339_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The configuration's spelling: {@code epoch-millis} or {@code rfc3339}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads {@code epoch-millis} or {@code rfc3339}. */
    public static RequestTimeFormat parse(String s) {
        for (RequestTimeFormat f : values()) {
            if (f.configName().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("must be epoch-millis or rfc3339");
    }
}
