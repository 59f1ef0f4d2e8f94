package io.amsgateway.core.protocol;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code Encrypt} header of RSA_AES messages: {@code algorithm=RSA_AES,
 * symmetricKey=<URL-encoded base64>} (docs/protocol.md, "RSA_AES encryption"; unconfirmed for AMS).
 *
 * <p>Emitted with a space after the comma, as the ZOLOZ reference does; parsed with the same
 * strict rule as {@link SignatureHeader}.
 *
 * @param algorithm the {@code algorithm} value ({@code RSA_AES})
 * @param symmetricKey the raw, still URL-encoded {@code symmetricKey} value
 */
public record EncryptHeader(String algorithm, String symmetricKey) {
    /** The header's name. */
    public static final String NAME = HeaderNames.ENCRYPT;
    /** The only algorithm defined. */
    public static final String RSA_AES = "RSA_AES";

    /** The header value for an RSA-encrypted symmetric key. */
    public static String format(byte[] encryptedSymmetricKey) {
        return "algorithm=" + RSA_AES + ", symmetricKey=" + PercentCodec.encodeBase64(encryptedSymmetricKey);
    }

    /**
     * Parses a header value.
     *
     * @throws MalformedMessageException if it breaks the grammar, the algorithm is not RSA_AES, or
     *     the symmetric key is missing
     */
    public static EncryptHeader parse(String value) {
        Map<String, String> params = HeaderParams.parse(NAME, value);
        String algorithm = params.get("algorithm");
        if (algorithm == null || !RSA_AES.equals(algorithm.toUpperCase(Locale.ROOT))) {
            throw new MalformedMessageException("Encrypt header's algorithm must be RSA_AES");
        }
        String key = params.get("symmetrickey");
        if (key == null || key.isEmpty()) {
            throw new MalformedMessageException("Encrypt header has no symmetricKey");
        }
        return new EncryptHeader(RSA_AES, key);
    }

    /** The RSA-encrypted symmetric key: percent-decoded, then strict base64. */
    public byte[] symmetricKeyBytes() {
        return PercentCodec.decodeBase64("Encrypt header's symmetricKey", symmetricKey);
    }

    @Override
    public String toString() {
        return "EncryptHeader[" + algorithm + "]";
    }
}
