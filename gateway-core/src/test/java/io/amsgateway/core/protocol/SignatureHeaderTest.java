package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.crypto.SignatureAlgorithm;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureHeaderTest {
    private static final byte[] SIG = new byte[256];

    static {
        new Random(7).nextBytes(SIG);
    }

    @Test
    void formatsLikeTheSdkAndRoundTrips() {
        String header = SignatureHeader.format(SignatureAlgorithm.RSA256, 3, SIG);

        assertThat(header)
                .startsWith("algorithm=RSA256,keyVersion=3,signature=")
                .doesNotContain(" ");
        String value = header.substring(header.indexOf("signature=") + 10);
        assertThat(value)
                .as("URL-encoded base64: no raw + / =")
                .doesNotContain("+", "/", "=")
                .matches("[A-Za-z0-9%]+");
        assertThat(value).as("upper-case escapes").doesNotContainPattern("%[0-9a-f][a-z]|%[a-f][0-9]");
        SignatureHeader parsed = SignatureHeader.parse(header);
        assertThat(parsed.algorithm()).isEqualTo("RSA256");
        assertThat(parsed.keyVersion()).isEqualTo(3);
        assertThat(parsed.signatureBytes()).isEqualTo(SIG);
    }

    @Test
    void acceptsLowerCaseEscapesAndRawBase64() {
        String encoded = SignatureHeader.format(SignatureAlgorithm.RSA256, 1, SIG);
        String value = encoded.substring(encoded.indexOf("signature=") + 10);
        String raw = java.util.Base64.getEncoder().encodeToString(SIG);

        assertThat(SignatureHeader.parse("signature="
                                + value.replace("%2B", "%2b")
                                        .replace("%2F", "%2f")
                                        .replace("%3D", "%3d"))
                        .signatureBytes())
                .isEqualTo(SIG);
        assertThat(SignatureHeader.parse("algorithm=RSA256,signature=" + raw).signatureBytes())
                .as("'+' is kept literally, so an un-encoded value decodes")
                .isEqualTo(SIG);
    }

    @Test
    void firstOccurrenceWinsAndKeysIgnoreCase() {
        SignatureHeader h = SignatureHeader.parse("KEYVERSION=2, keyversion=5, Signature=AAAA, signature=BBBB, x=y");
        assertThat(h.keyVersion()).isEqualTo(2);
        assertThat(h.signature()).isEqualTo("AAAA");
        assertThat(h.algorithm()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", " ", "garbage", "algorithm=RSA256,,signature=AAAA", "algorithm=RSA256,", "=x", "a=b, =c"})
    void malformedGrammarIsRejected(String value) {
        assertThatThrownBy(() -> SignatureHeader.parse(value)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void errorsNameTheProblemButNeverEchoTheValue() {
        String secretish = "signature=QUJDREVGR0hJSktMTU5PUA%2";
        assertThatThrownBy(() -> SignatureHeader.parse(secretish).signatureBytes())
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("truncated %-escape")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("QUJDREVG"));
        assertThatThrownBy(() -> SignatureHeader.parse("signature=AB%ZZCD").signatureBytes())
                .hasMessageContaining("invalid %-escape");
        assertThatThrownBy(() -> SignatureHeader.parse("signature=ABC").signatureBytes())
                .hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> SignatureHeader.parse("signature=AB-_").signatureBytes())
                .as("base64url alphabet is not what the SDKs send")
                .hasMessageContaining("not standard base64");
        assertThatThrownBy(() -> SignatureHeader.parse("signature=").signatureBytes())
                .hasMessageContaining("no signature value");
    }

    @Test
    void hugeNonAsciiAndControlCharactersAreRejected() {
        assertThatThrownBy(() -> SignatureHeader.parse("signature=" + "A".repeat(10_000)))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> SignatureHeader.parse("signature=AAAA\u00e9"))
                .hasMessageContaining("non-ASCII character at index 14");
        assertThatThrownBy(() -> SignatureHeader.parse("signature=AA\tAA")).hasMessageContaining("control");
        assertThatThrownBy(() -> SignatureHeader.parse("signature=AAAA\r\nX-Injected: 1"))
                .isInstanceOf(MalformedMessageException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "keyVersion=",
                "keyVersion=-1",
                "keyVersion=1.0",
                "keyVersion=0x1",
                "keyVersion=1234567890",
                "keyVersion=one"
            })
    void keyVersionMustBeASmallDecimal(String kv) {
        assertThatThrownBy(() -> SignatureHeader.parse("algorithm=RSA256," + kv + ",signature=AAAA"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("keyVersion");
    }

    @Test
    void toStringHidesTheSignature() {
        assertThat(SignatureHeader.parse("signature=QUJDRA%3D%3D").toString())
                .doesNotContain("QUJD")
                .contains("chars");
    }
}
