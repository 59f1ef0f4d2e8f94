package io.amsgateway.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.amsgateway.core.error.ResultStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Alipay's result object, rendered as {@code {"result":{"resultCode":..,"resultStatus":..,
 * "resultMessage":..}}} in exactly that field order and without spaces, the shape of every AMS
 * response and of the notification acknowledgement (docs/protocol.md, "Notifications", "Result codes").
 *
 * <p>Immutable and thread-safe.
 */
public record AlipayResult(String resultCode, ResultStatus resultStatus, String resultMessage) {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** The acknowledgement a merchant returns for a notification; Alipay compares it exactly. */
    public static final AlipayResult NOTIFICATION_ACK = new AlipayResult("SUCCESS", ResultStatus.S, "success");

    public AlipayResult {
        Objects.requireNonNull(resultCode, "resultCode");
        Objects.requireNonNull(resultStatus, "resultStatus");
        Objects.requireNonNull(resultMessage, "resultMessage");
    }

    /** The UTF-8 JSON bytes of {@code {"result":{...}}}; strings are escaped by Jackson. */
    public byte[] toJsonBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            g.writeStringField("resultCode", resultCode);
            g.writeStringField("resultStatus", resultStatus.name());
            g.writeStringField("resultMessage", resultMessage);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return out.toByteArray();
    }
}
