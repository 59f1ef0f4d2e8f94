package io.amsgateway.core.protocol;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * Reads the time forms Alipay and the SDKs put in {@code request-time} / {@code response-time}
 * (docs/protocol.md, "Times"): epoch milliseconds, ISO-8601 with an offset ({@code 2019-07-12T12:08:56+05:30}),
 * with a basic offset ({@code +0800}), or in UTC with a fraction ({@code ...00.0000000Z}).
 */
public final class RequestTimes {
    private static final DateTimeFormatter BASIC_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private static final java.util.regex.Pattern EPOCH_MILLIS = java.util.regex.Pattern.compile("\\d{1,18}");

    private RequestTimes() {}

    /** Epoch milliseconds, or empty when the value is in none of the known forms. */
    public static OptionalLong epochMillis(String value) {
        String v = value.trim();
        if (EPOCH_MILLIS.matcher(v).matches()) {
            return OptionalLong.of(Long.parseLong(v));
        }
        try {
            return OptionalLong.of(OffsetDateTime.parse(v).toInstant().toEpochMilli());
        } catch (DateTimeParseException notIso) {
            // Try the next form.
        }
        try {
            return OptionalLong.of(
                    OffsetDateTime.parse(v, BASIC_OFFSET).toInstant().toEpochMilli());
        } catch (DateTimeParseException notBasic) {
            // Try the next form.
        }
        try {
            return OptionalLong.of(Instant.parse(v).toEpochMilli());
        } catch (DateTimeParseException notInstant) {
            return OptionalLong.empty();
        }
    }
}
