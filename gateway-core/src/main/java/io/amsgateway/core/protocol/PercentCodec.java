package io.amsgateway.core.protocol;

import java.util.Base64;

/**
 * The signature value's encoding: standard base64 (with padding) passed through {@code
 * java.net.URLEncoder}, which for the base64 alphabet maps {@code +}, {@code /} and {@code =} to
 * {@code %2B}, {@code %2F} and {@code %3D} (upper-case hex) and leaves everything else alone.
 *
 * <p>Decoding is strict: {@code %XX} in either case, {@code +} kept literally (so an un-encoded
 * base64 value decodes too), then strict standard base64 with correct padding.
 */
final class PercentCodec {
    private PercentCodec() {}

    /** URL-encodes standard base64 exactly as {@code URLEncoder.encode(b64, UTF_8)} does. */
    static String encodeBase64(byte[] bytes) {
        String b64 = Base64.getEncoder().encodeToString(bytes);
        StringBuilder sb = new StringBuilder(b64.length() + 32);
        for (int i = 0; i < b64.length(); i++) {
            char c = b64.charAt(i);
            switch (c) {
                case '+' -> sb.append("%2B");
                case '/' -> sb.append("%2F");
                case '=' -> sb.append("%3D");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Percent-decodes then base64-decodes {@code value}; {@code what} names it in errors.
     *
     * @throws MalformedMessageException on a bad escape, a character outside the base64
     *     alphabet, or a length or padding that is not standard base64
     */
    static byte[] decodeBase64(String what, String value) {
        StringBuilder b64 = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new MalformedMessageException(what + " has a truncated %-escape at index " + i);
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedMessageException(what + " has an invalid %-escape at index " + i);
                }
                b64.append((char) (hi << 4 | lo));
                i += 2;
            } else {
                b64.append(c);
            }
        }
        if (b64.length() % 4 != 0) {
            throw new MalformedMessageException(what + " is not standard base64 (length is not a multiple of 4)");
        }
        try {
            return Base64.getDecoder().decode(b64.toString());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(what + " is not standard base64");
        }
    }
}
