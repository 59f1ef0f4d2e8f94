package io.amsgateway.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code result.resultStatus} (and {@code result.resultCode}) from Alipay's answer for logs,
 * metrics and the audit record (the body is not changed).
 */
public final class ResultStatuses {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,64}");

    private ResultStatuses() {}

    /** {@code S}, {@code F}, {@code U}, or {@code ?} when absent or unreadable. */
    public static String of(byte[] body) {
        String s = field(body, "resultStatus");
        return "S".equals(s) || "F".equals(s) || "U".equals(s) ? s : "?";
    }

    /**
     * {@code result.resultCode}, or null when absent, unreadable, or not 1 to 64 printable ASCII
     * characters (so an answer cannot put other data where a code is expected).
     */
    public static @Nullable String codeOf(byte[] body) {
        String s = field(body, "resultCode");
        return s != null && CODE.matcher(s).matches() ? s : null;
    }

    private static @Nullable String field(byte[] body, String field) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("result".equals(name) && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals(inner) && v == JsonToken.VALUE_STRING) {
                            return p.getText();
                        }
                        p.skipChildren();
                    }
                    return null;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
