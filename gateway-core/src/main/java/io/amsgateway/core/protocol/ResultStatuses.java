package io.amsgateway.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Reads {@code result.resultStatus} from Alipay's answer for logs and metrics (the body is not changed). */
public final class ResultStatuses {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private ResultStatuses() {}

    /** {@code S}, {@code F}, {@code U}, or {@code ?} when absent or unreadable. */
    public static String of(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "?";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("result".equals(name) && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("resultStatus".equals(inner) && v == JsonToken.VALUE_STRING) {
                            String s = p.getText();
                            return "S".equals(s) || "F".equals(s) || "U".equals(s) ? s : "?";
                        }
                        p.skipChildren();
                    }
                    return "?";
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }
}
