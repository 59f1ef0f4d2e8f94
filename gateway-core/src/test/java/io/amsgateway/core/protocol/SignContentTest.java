package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignContentTest {
    @Test
    void goldenString() {
        byte[] content = SignContent.build(
                "POST",
                "/ams/api/v1/payments/pay",
                "TEST_5X00000000000000",
                "1685599933871",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(content, StandardCharsets.UTF_8))
                .isEqualTo("POST /ams/api/v1/payments/pay\nTEST_5X00000000000000.1685599933871.{}");
    }

    @Test
    void emptyBodyEndsWithTheSeparator() {
        assertThat(new String(SignContent.build("POST", "/p", "c", "t", new byte[0]), StandardCharsets.US_ASCII))
                .as("PROTOCOL §4.1: an empty body yields content ending in '.'")
                .isEqualTo("POST /p\nc.t.");
    }

    @Test
    void bodyBytesAreAppendedVerbatimEvenWhenNotUtf8() {
        byte[] body = {(byte) 0xff, 0x00, '\r', '\n', (byte) 0xc3};
        byte[] content = SignContent.build("POST", "/p", "c", "t", body);
        byte[] tail = java.util.Arrays.copyOfRange(content, content.length - body.length, content.length);
        assertThat(tail).as("the body is never decoded and re-encoded").isEqualTo(body);
    }

    @Test
    void queryStringIsSignedAsSentWithoutDecoding() {
        assertThat(new String(
                        SignContent.build("POST", "/a?x=a%20b&y=%2F", "c", "t", new byte[0]),
                        StandardCharsets.US_ASCII))
                .startsWith("POST /a?x=a%20b&y=%2F\n");
    }

    @Test
    void rejectsPartsThatWouldChangeTheGrammar() {
        byte[] b = new byte[0];
        assertThatThrownBy(() -> SignContent.build("post", "/p", "c", "t", b)).hasMessageContaining("upper-case");
        assertThatThrownBy(() -> SignContent.build("", "/p", "c", "t", b)).hasMessageContaining("method is empty");
        assertThatThrownBy(() -> SignContent.build("POST", "", "c", "t", b))
                .hasMessageContaining("request-target is empty");
        assertThatThrownBy(() -> SignContent.build("POST", "/p q", "c", "t", b)).hasMessageContaining("index 2");
        assertThatThrownBy(() -> SignContent.build("POST", "/p\n", "c", "t", b))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> SignContent.build("POST", "/p\u00e9", "c", "t", b))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> SignContent.build("POST", "/p", "", "t", b))
                .hasMessageContaining("client id is empty");
        assertThatThrownBy(() -> SignContent.build("POST", "/p", "c\nX", "t", b))
                .hasMessageContaining("client id contains");
        assertThatThrownBy(() -> SignContent.build("POST", "/p", "c", "", b)).hasMessageContaining("time is empty");
        assertThatThrownBy(() -> SignContent.build("POST", "/p", "c", "t\u2028", b))
                .hasMessageContaining("time contains");
    }
}
