package io.amsgateway.core.protocol;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The strict parser (docs/protocol.md, "Header grammar") of the {@code Signature} and {@code Encrypt} header values:
 * split on {@code ,}; trim each item; split each at its first {@code =}; trim key and value;
 * keys compare case-insensitively; the first occurrence wins; unknown keys are kept for the
 * caller to ignore.
 *
 * <p>Rejected, with a message that never echoes the value: a value longer than {@link
 * #MAX_LENGTH}, any character outside printable ASCII, an empty item, an item without {@code =},
 * an empty key.
 */
final class HeaderParams {
    /** Far above a 4096-bit RSA signature (about 700 URL-encoded characters). */
    static final int MAX_LENGTH = 8192;

    private HeaderParams() {}

    /**
     * Parses {@code value} of header {@code headerName} into lower-cased keys and their trimmed
     * values, in order of first appearance.
     */
    static Map<String, String> parse(String headerName, String value) {
        if (value.length() > MAX_LENGTH) {
            throw new MalformedMessageException(headerName + " header is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new MalformedMessageException(
                        headerName + " header contains a control or non-ASCII character at index " + i);
            }
        }
        Map<String, String> params = new LinkedHashMap<>(4);
        int start = 0;
        int item = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            item++;
            String part = value.substring(start, end).trim();
            if (part.isEmpty()) {
                throw new MalformedMessageException(headerName + " header has an empty parameter (item " + item + ")");
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new MalformedMessageException(headerName + " header parameter " + item + " has no '='");
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new MalformedMessageException(headerName + " header parameter " + item + " has an empty name");
            }
            params.putIfAbsent(key, part.substring(eq + 1).trim());
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return params;
    }
}
