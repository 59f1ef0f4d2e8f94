package io.amsgateway.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amsgateway.core.error.ErrorCode;
import io.amsgateway.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodiesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"{}", "{\"a\":1}", " {\"a\":[1,2,{\"b\":null}]}\n", "{\"s\":\"caf\u00e9 \u2615 \ud83d\ude00\"}"})
    void acceptsJsonObjects(String body) {
        assertThatCode(() -> JsonBodies.check(body.getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "1", "\"x\"", "{", "{\"a\":}", "{} {}", "{}x", "{'a':1}", "null"})
    void rejectsWhatIsNotOneJsonObject(String body) {
        assertThatThrownBy(() -> JsonBodies.check(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void rejectsInvalidUtf8WithoutEchoingIt() {
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'};
        byte[] surrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'};
        byte[] truncated = {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x98, '"', '}'};
        for (byte[] b : new byte[][] {overlong, surrogate, truncated}) {
            assertThatThrownBy(() -> JsonBodies.check(b))
                    .hasMessageStartingWith("request body is not valid UTF-8 (near byte 6)");
        }
    }

    @Test
    void syntaxErrorsSayWhereNotWhat() {
        assertThatThrownBy(() -> JsonBodies.check("{\"card\":4111111111111111x}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 1, column")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("4111"));
    }

    @org.junit.jupiter.api.Test
    void aByteOrderMarkOrUtf16IsRefusedWithItsReason() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[json.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(json, 0, bom, 3, json.length);
        assertThatThrownBy(() -> JsonBodies.check(bom)).hasMessageContaining("byte order mark");
        assertThatThrownBy(() -> JsonBodies.check("{\"a\":1}".getBytes(StandardCharsets.UTF_16)))
                .as("Java's UTF-16 writes a BOM")
                .hasMessageContaining("UTF-16");
        assertThatThrownBy(() -> JsonBodies.check("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)))
                .hasMessageContaining("UTF-16");
        assertThatThrownBy(() -> JsonBodies.check("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE)))
                .hasMessageContaining("UTF-16");
    }

    /**
     * Bodies longer than the decoder's buffer: multi-byte characters across its boundaries pass,
     * and a bad sequence far into the body is found at its true offset, also at the very end.
     */
    @Test
    void longBodiesAreCheckedWholeAcrossTheDecodersBuffer() {
        StringBuilder text = new StringBuilder("{\"s\":\"");
        while (text.length() < 5_000) {
            text.append("caf\u00e9 \u2615 \ud83d\ude00 ");
        }
        byte[] good = text.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
        assertThatCode(() -> JsonBodies.check(good)).doesNotThrowAnyException();
        for (int at : new int[] {7, 1023, 1024, 2047, 4096, good.length - 3}) {
            byte[] bad = good.clone();
            bad[at] = (byte) 0xc0; // never valid in UTF-8
            assertThatThrownBy(() -> JsonBodies.check(bad))
                    .as("0xc0 at %d", at)
                    .hasMessageStartingWith("request body is not valid UTF-8 (near byte ");
        }
        byte[] cut = new byte[good.length - 2];
        System.arraycopy(good, 0, cut, 0, cut.length - 1);
        cut[cut.length - 1] = (byte) 0xe2; // the first byte of a three-byte character, then the end
        assertThatThrownBy(() -> JsonBodies.check(cut))
                .hasMessage("request body is not valid UTF-8 (near byte " + (cut.length - 1) + ")");
        byte[] ascii = ("{\"a\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertThatCode(() -> JsonBodies.check(ascii)).doesNotThrowAnyException();
    }

    /** The same pass reads the merchant's ids at the top level, as the audit log wants them. */
    @Test
    void theCheckReadsTheMerchantsIdsAtTheTopLevelOnly() {
        assertThat(JsonBodies.check(("{\"order\":{\"paymentRequestId\":\"nested\"},\"amount\":[1,{\"a\":2}],"
                                + "\"paymentRequestId\":\"pay-1\",\"refundRequestId\":\"ref-1\","
                                + "\"paymentRequestId\":\"second\"}")
                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new io.amsgateway.server.caller.RequestIds("pay-1", "ref-1"));
        assertThat(JsonBodies.check(
                        "{\"paymentRequestId\":12,\"refundRequestId\":\"has space\"}".getBytes(StandardCharsets.UTF_8)))
                .as("not a string, not plain: left out")
                .isEqualTo(io.amsgateway.server.caller.RequestIds.NONE);
        assertThat(JsonBodies.check("{\"a\":{\"b\":[true,null]}}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(io.amsgateway.server.caller.RequestIds.NONE);
    }
}
