package io.amsgateway.core.protocol;

import io.amsgateway.core.crypto.SignatureAlgorithm;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Signature} header: {@code algorithm=RSA256,keyVersion=1,signature=<URL-encoded
 * base64>} (docs/protocol.md, "Signature header", "Header grammar").
 *
 * <p>{@link #format} emits the SDKs' exact form (no spaces, upper-case escapes). {@link #parse}
 * applies the strict rule: spaces after commas, keys in any case, escapes in either case, a
 * missing {@code keyVersion} and unknown parameters are all accepted; the first occurrence of a
 * key wins. A parsed header is only syntax: whether the signature is present, non-empty and valid
 * is decided by {@link MessageVerifier}.
 *
 * @param algorithm the raw {@code algorithm} value, or null when absent
 * @param keyVersion the {@code keyVersion}, or null when absent
 * @param signature the raw (still URL-encoded) {@code signature} value, or null when absent
 */
public record SignatureHeader(@Nullable String algorithm, @Nullable Integer keyVersion, @Nullable String signature) {

    /** The header's name as the SDKs send it (header names are case-insensitive). */
    public static final String NAME = HeaderNames.SIGNATURE;

    private static final int MAX_KEY_VERSION_DIGITS = 9;

    /** Builds the header value the official SDKs send. */
    public static String format(SignatureAlgorithm algorithm, int keyVersion, byte[] signature) {
        if (keyVersion < 0) {
            throw new IllegalArgumentException("keyVersion must not be negative");
        }
        return "algorithm=" + algorithm.headerName() + ",keyVersion=" + keyVersion + ",signature="
                + PercentCodec.encodeBase64(signature);
    }

    /**
     * Parses a header value with the strict rule.
     *
     * @throws MalformedMessageException if the value breaks the grammar or {@code keyVersion} is
     *     not a non-negative decimal integer; the message never contains the value
     */
    public static SignatureHeader parse(String value) {
        Map<String, String> params = HeaderParams.parse(NAME, value);
        String kv = params.get("keyversion");
        return new SignatureHeader(
                params.get("algorithm"), kv == null ? null : parseKeyVersion(kv), params.get("signature"));
    }

    /**
     * Parses an {@code algorithm} value, ignoring case as Alipay's documentation allows.
     *
     * @throws MalformedMessageException for any other name (the name is not echoed)
     */
    public static SignatureAlgorithm algorithmOf(String value) {
        try {
            return SignatureAlgorithm.fromName(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(String.valueOf(e.getMessage()));
        }
    }

    /**
     * The signature bytes: percent-decoded, then strict standard base64.
     *
     * @throws MalformedMessageException if the signature is absent, empty or badly encoded
     */
    public byte[] signatureBytes() {
        if (signature == null || signature.isEmpty()) {
            throw new MalformedMessageException("Signature header has no signature value");
        }
        return PercentCodec.decodeBase64("Signature header's signature value", signature);
    }

    private static int parseKeyVersion(String kv) {
        if (kv.isEmpty() || kv.length() > MAX_KEY_VERSION_DIGITS) {
            throw new MalformedMessageException(
                    "Signature header's keyVersion is not a decimal integer of 1 to 9 digits");
        }
        int v = 0;
        for (int i = 0; i < kv.length(); i++) {
            char c = kv.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedMessageException(
                        "Signature header's keyVersion is not a decimal integer of 1 to 9 digits");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    @Override
    public String toString() {
        // The signature is not secret, but it is noise in logs and the project keeps it out of them.
        return "SignatureHeader[algorithm=" + algorithm + ", keyVersion=" + keyVersion + ", signature="
                + (signature == null ? "absent" : signature.length() + " chars") + "]";
    }
}
