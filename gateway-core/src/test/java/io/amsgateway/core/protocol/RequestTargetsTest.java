package io.amsgateway.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/ams/api/v1/payments/pay",
                "/ams/sandbox/api/v1/payments/inquiryPayment",
                "/ams/api/v1/payments/pay?lang=en&x=a%20b",
                "/a?x=%2F&y=..%2e",
                "/ams/api/v1/payments/pay/",
                "/a.b/c..d/.e/f.",
                "/a%20b/%41"
            })
    void plainTargetsPass(String target) {
        assertThat(RequestTargets.problem(target)).as(target).isNull();
        SignContent.build("POST", target, "c", "t", new byte[0]);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "/ams/api/../../x | dot-segment",
                "/ams/api/v1/./payments/pay | dot-segment",
                "/ams/api/v1/payments/.. | dot-segment",
                "/ams/api/v1/payments/. | dot-segment",
                "/ams/api/v1/%2e%2e/payments/pay | percent-encoded dot",
                "/ams/api/v1/%2E%2E/payments/pay | percent-encoded dot",
                "/ams/api/v1/payments%2fpay | percent-encoded dot, slash",
                "/ams/api/v1/payments%2Fpay | percent-encoded dot, slash",
                "/ams/api/v1/payments%5cpay | backslash",
                "/ams/api/v1/payments%5Cpay | backslash",
                "/ams/api/v1/payments\\pay | backslash",
                "/ams/api/v1/payments/pay;jsessionid=1 | parameters",
                "/ams/api/v1/payments/pay#frag | fragment",
                "/ams/api/v1/payments/pay?x=1#frag | fragment",
                "/ams/api//v1/payments/pay | empty segment",
                "//ams/api/v1/payments/pay | empty segment",
                "http://evil.example/ams/api/v1/payments/pay | starting with",
                "ams/api/v1/payments/pay | starting with",
                "* | starting with",
                "/ams/api/v1/payments/pay%2 | malformed percent-escape",
                "/ams/api/v1/payments/pay%zz | malformed percent-escape",
                "\"/ams/api/v1/pay ments\" | space"
            })
    void confusableTargetsAreRefusedWhenCheckedAndWhenSigned(String target, String reason) {
        assertThat(RequestTargets.problem(target)).as(target).contains(reason);
        assertThatThrownBy(() -> SignContent.build("POST", target, "c", "t", new byte[0]))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining(reason)
                .as("the reason never repeats the target")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(target));
    }

    @org.junit.jupiter.api.Test
    void whatIsReceivedIsOnlyHeldToTheGrammarSoItFailsAsABadSignatureInstead() {
        assertThat(new String(
                        SignContent.received("POST", "https://m.example/a/../b", "c", "t", new byte[0]),
                        java.nio.charset.StandardCharsets.US_ASCII))
                .startsWith("POST https://m.example/a/../b\n");
        assertThatThrownBy(() -> SignContent.received("POST", "/a b", "c", "t", new byte[0]))
                .isInstanceOf(MalformedMessageException.class);
    }

    @ParameterizedTest
    @CsvSource({"/a?b, true", "/a?, true", "/a, false"})
    void queries(String target, boolean query) {
        assertThat(RequestTargets.hasQuery(target)).isEqualTo(query);
    }
}
