package io.amsgateway.server.call;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What Alipay said in an <em>unsigned</em> error answer, shown to the caller as unverified.
 *
 * <p>Alipay sends some error answers without a signature (for example when it rejects the
 * merchant's signature). The gateway still fails closed ({@code GATEWAY_RESPONSE_SIGNATURE_INVALID},
 * status {@code U}), but when such a body parses as Alipay's result with {@code resultStatus}
 * {@code F} or {@code U}, its {@code resultCode}, {@code resultStatus} and {@code resultMessage} are
 * added to the gateway's error body as {@value #FIELD}, so an operator sees {@code
 * INVALID_SIGNATURE} or {@code KEY_NOT_FOUND} instead of only "signature invalid". Nothing else of
 * the body is read or echoed. Each value has its control characters removed and is capped ({@value
 * #MAX_CODE} characters for the code, {@value #MAX_MESSAGE} for the message).
 *
 * @param resultCode Alipay's {@code result.resultCode}, sanitized
 * @param resultStatus {@code F} or {@code U}
 * @param resultMessage Alipay's {@code result.resultMessage}, sanitized (empty when absent)
 */
public record UnverifiedAlipayResult(String resultCode, String resultStatus, String resultMessage) {
    /** The field of the gateway's error body that carries it. */
    public static final String FIELD = "unverifiedAlipayResult";

    static final int MAX_CODE = 64;
    static final int MAX_MESSAGE = 256;
    /** Bodies longer than this are not read at all (Alipay's error answers are a few hundred bytes). */
    static final int MAX_BODY = 16 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Alipay's result in {@code body}, when it is a JSON object whose {@code result} has a textual
     * {@code resultCode} and a {@code resultStatus} of {@code F} or {@code U}; else empty. Never
     * throws.
     */
    public static Optional<UnverifiedAlipayResult> parse(byte @Nullable [] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY) {
            return Optional.empty();
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("result".equals(name) && t == JsonToken.START_OBJECT) {
                    return result(p);
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<UnverifiedAlipayResult> result(JsonParser p) throws IOException {
        String code = null;
        String status = null;
        String message = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                switch (name) {
                    case "resultCode" -> code = p.getText();
                    case "resultStatus" -> status = p.getText();
                    case "resultMessage" -> message = p.getText();
                    default -> {
                        // Not read.
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        if (code == null || !("F".equals(status) || "U".equals(status))) {
            return Optional.empty();
        }
        String c = sanitize(code, MAX_CODE);
        if (c.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new UnverifiedAlipayResult(c, status, message == null ? "" : sanitize(message, MAX_MESSAGE)));
    }

    /** {@code s} without control (and other invisible format) characters, trimmed, at most {@code max} code points. */
    static String sanitize(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max));
        int n = 0;
        for (int i = 0; i < s.length() && n < max; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp)
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE) {
                continue;
            }
            out.appendCodePoint(cp);
            n++;
        }
        return out.toString().trim();
    }

    /** Writes {@value #FIELD} as the next field of the object {@code g} is in. */
    void writeField(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart(FIELD);
        g.writeStringField("resultCode", resultCode);
        g.writeStringField("resultStatus", resultStatus);
        g.writeStringField("resultMessage", resultMessage);
        g.writeEndObject();
    }
}
